import { describe, expect, it } from "vitest";
import { markdownToDocument } from "../parsers/markdown/index.ts";
import { extractSections } from "./sections.ts";

const sections = (md: string) =>
	extractSections(
		markdownToDocument(md, { file: "x.md", sha256: "", bytes: md.length }),
		[],
	);

describe("extractSections", () => {
	it("should read a title typed over several paragraphs below an approval block", () => {
		const s = sections(
			[
				"Аймгийн Засаг даргын Тамгын газар",
				"",
				"БАТЛАВ\nТАМГЫН ГАЗРЫН ДАРГА\nЛ.Нямдорж",
				"",
				"**ХӨРӨНГӨ ОРУУЛАЛТЫН**",
				"",
				"**АЛБАНЫ 2021 ОНЫ**",
				"",
				"**ХАГАС ЖИЛИЙН ГҮЙЦЭТГЭЛИЙН ТАЙЛАН**",
				"",
				"Хянасан: Тамгын газрын дарга Д.Энхжаргал. Тайлан гаргасан: Хөрөнгө оруулалтын албаны дарга С.Эрдэнэ-Очир.",
			].join("\n"),
		);
		expect(s.report).toEqual({
			title:
				"ХӨРӨНГӨ ОРУУЛАЛТЫН АЛБАНЫ 2021 ОНЫ ХАГАС ЖИЛИЙН ГҮЙЦЭТГЭЛИЙН ТАЙЛАН",
			organization: "Аймгийн Засаг даргын Тамгын газар",
			department: "Хөрөнгө оруулалтын алба",
			year: 2021,
			period: "half-year",
			preparedBy: "С.Эрдэнэ-Очир",
			reviewedBy: "Д.Энхжаргал",
		});
		expect(s.evaluation).toBeNull();
		expect(s.summary).toBeNull();
	});

	it("should read a signer under a label followed by the line signed on, as a scan's OCR reads it", () => {
		const signed = (label: string) =>
			sections(
				[
					"**ТАЙЛАН**",
					"",
					`${label}\nТӨРИЙН ЗАХИРГААНЫ УДИРДЛАГЫН ХЭЛТСИЙН\nДАРГА П. Отгонбаяр - П.ОТГОНБАЯР`,
					"",
					"ХЯНАСАН _____\nЗАСАГ ДАРГЫН ТАМГЫН ГАЗРЫН\nДАРГА Д.ЭНХЖАРГАЛ",
				].join("\n"),
			).report;
		for (const label of [
			"ТАЙЛАН ГАРГАСАН -",
			"ТАЙЛАН ГАРГАСАН ї",
			"ХЭРЭГЖИЛТ ГАРГАСАН —/",
			"ТАЙЛАН ГАРГАСАН",
		])
			expect(signed(label)).toMatchObject({
				preparedBy: "П.Отгонбаяр",
				reviewedBy: "Д.Энхжаргал",
			});
		// Words after the label: a sentence, not a signature.
		expect(signed("Тайлан гаргасан байна").preparedBy).toBeNull();
		expect(signed("Тайлан гаргасан 2 удаа").preparedBy).toBeNull();
	});

	it("should split the organisation and the department named in the title", () => {
		const s = sections(
			"**ЦАХИМ ХӨГЖИЛ, ХАРИЛЦАА ХОЛБООНЫ ЯАМНЫ ХУУЛЬ, ЭРХ ЗҮЙН ХЭЛТСИЙН 2023 ОНЫ ЖИЛИЙН ЭЦСИЙН ГҮЙЦЭТГЭЛИЙН ТАЙЛАН**",
		);
		expect(s.report.organization).toBe("Цахим хөгжил, харилцаа холбооны яам");
		expect(s.report.department).toBe("Хууль, эрх зүйн хэлтэс");
		expect(s.report.period).toBe("annual");
	});

	it("should read a summary typed as lines, and leave a count that is not written null", () => {
		const s = sections(
			[
				"**ТАЙЛАН**",
				"",
				"**БИЕЛЭЛТИЙН ТОВЧОО**",
				"",
				"2024.06.20",
				"",
				"Хяналтад авсан арга хэмжээний тоо: 7",
				"",
				"100% - Бүрэн хэрэгжсэн: 5\n90% - Тодорхой үр дүнд хүрсэн: 1\n80% - Тодорхой үр дүнд хүрсэн:",
				"",
				"Хэрэгжилт тооцох хугацаа болоогүй: 1",
				"",
				"Төлөвлөгөөний биелэлт: 98,3%",
			].join("\n"),
		);
		expect(s.summary).toEqual({
			date: "2024-06-20",
			itemsMonitored: 7,
			levels: {
				"100": 5,
				"90": 1,
				"80": null,
				"70": null,
				"30": null,
				"0": null,
				notDue: 1,
			},
			planCompletionPct: 98.3,
		});
	});

	it("should read a summary table whose count cells are empty or a dash as 0", () => {
		const s = sections(
			[
				"**БИЕЛЭЛТИЙН ТОВЧОО**",
				"",
				"| Үзүүлэлт | Хувь | Тоо |",
				"|---|---|---|",
				"| Хяналтад авсан арга хэмжээний тоо | | 3 |",
				"| Бүрэн хэрэгжсэн | 100% | 3 |",
				"| Хэрэгжээгүй | 0% | |",
				"| Хэрэгжих шатанд | 70% | - |",
				"| Хэрэгжилт тооцох хугацаа болоогүй | | |",
			].join("\n"),
		);
		expect(s.summary?.itemsMonitored).toBe(3);
		expect(s.summary?.levels).toMatchObject({
			"100": 3,
			"0": 0,
			"70": 0,
			notDue: 0,
		});
	});

	it("should read the evaluation sheet typed as lines with a labelled employee", () => {
		const s = sections(
			[
				"**ТАЙЛАН**",
				"",
				"**2024 ОНЫ АЖЛЫН ГҮЙЦЭТГЭЛИЙГ ҮНЭЛЭХ ҮНЭЛГЭЭНИЙ ХУУДАС**",
				"",
				"Албан хаагчийн овог, нэр: Сүхийн Эрдэнэ-Очир",
				"",
				"Албан тушаал: Хууль, эрх зүйн хэлтсийн дарга",
				"",
				"Нэгжийн нэр: Хууль, эрх зүйн хэлтэс",
				"",
				"1\\. Гүйцэтгэлийн зорилт, арга хэмжээний биелэлт: 71,7%, 50,2 оноо (70 хүртэлх оноо)",
				"",
				"2\\. Мэдлэг, ур чадвараа дээшлүүлэх зорилт, арга хэмжээний биелэлт: 12 оноо (15 хүртэлх оноо)",
				"",
				"3\\. Хандлага, ёс зүй, ур чадварын үнэлгээ: 14 оноо (15 хүртэлх оноо)",
				"",
				"Нийт оноо: 76,2",
				"",
				"Үнэлгээ өгсөн: Тамгын газрын дарга /Б.Мөнхзул/ 2024.12.25",
			].join("\n"),
		);
		expect(s.evaluation).toMatchObject({
			employee: "Сүхийн Эрдэнэ-Очир",
			position: "Хууль, эрх зүйн хэлтсийн дарга",
			unit: "Хууль, эрх зүйн хэлтэс",
			planCompletionPct: 71.7,
			planScore: 50.2,
			planScoreMax: 70,
			skillsScore: 12,
			skillsScoreMax: 15,
			attitudeScore: 14,
			attitudeScoreMax: 15,
			total: 76.2,
			evaluator: "Б.Мөнхзул",
			date: "2024-12-25",
		});
	});

	it("should not take a name after the same words inside a sentence as a signer", () => {
		const s = sections(
			[
				"**ТАЙЛАН**",
				"",
				"Журмыг шинэчлэн боловсруулсан, мэргэжилтэн Э.Энхбат хянасан байна.",
				"",
				"ХЯНАСАН:\nТАМГЫН ГАЗРЫН ДАРГА\nД.ЭНХЖАРГАЛ",
				"",
				"ТАЙЛАН ГАРГАСАН:\nХЭЛТСИЙН ДАРГА\n/П. Отгонбаяр/",
			].join("\n"),
		);
		expect(s.report.reviewedBy).toBe("Д.Энхжаргал");
		expect(s.report.preparedBy).toBe("П.Отгонбаяр");
	});
});
