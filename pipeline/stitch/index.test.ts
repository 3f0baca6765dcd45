import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flagText } from "../../messages/flag-text.ts";
import { markdownToDocument } from "../../parsers/markdown/index.ts";
import type { Provenance, TableFragment, TailanDocument } from "../document.ts";
import {
	percentInPercentRow,
	rolesByPlace,
	rulingMarks,
	type StitchedItem,
	stitchPlanTable,
	withoutRulingTail,
} from "./index.ts";

const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

const HEAD =
	"| № | Стратеги төлөвлөгөө, хууль тогтоомж | Төсөв | Шалгуур үзүүлэлт | Суурь түвшин | Зорилтот түвшин | | Хүрсэн түвшин буюу хэрэгжилт | Гүйцэтгэлийн хувь |\n" +
	"|---|---|---|---|---|---|---|---|---|\n" +
	"| | | | | | Хагас жил | Бүтэн жил | | |\n";
const NUM =
	"| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |\n|---|---|---|---|---|---|---|---|---|\n";

function stitch(md: string) {
	const doc = markdownToDocument(md, { file: "t.md", sha256: "0", bytes: 0 });
	const table = stitchPlanTable(doc);
	if (!table) throw new Error("no plan table");
	const text = (
		item: string,
		role: keyof (typeof table.items)[number]["fields"],
	) =>
		table.items
			.find((i) => i.item === item)
			?.fields[role].map((p) => p.text)
			.join(" ");
	const narrative = (item: string) =>
		table.items
			.find((i) => i.item === item)
			?.achievement.map((p) => p.text)
			.join(" ");
	return { table, text, narrative };
}

describe("stitchPlanTable", () => {
	it("should merge a continuation row on the next page into its item, cell by cell", () => {
		const md =
			`${HEAD}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 1.1 | Тоног төхөөрөмжөөр | 220 сая | Тоног | 0 | 50 | 60 | Тендер зарлаж, орон нутгийн хөгжлийн | |\n\n" +
			`${NUM}| | хангах | ОНХС | төхөөрөмжийн хувь | | | | санхүүжилтээр нийлүүлсэн. | 100% |\n` +
			"| 1.2 | Дараагийн ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text, narrative } = stitch(md);
		expect(table.goals).toEqual([{ number: 1, title: "Эхний зорилт:" }]);
		expect(table.items.map((i) => i.item)).toEqual(["1.1", "1.2"]);
		expect(text("1.1", "activity")).toBe("Тоног төхөөрөмжөөр хангах");
		expect(text("1.1", "budget")).toBe("220 сая ОНХС");
		expect(text("1.1", "indicator")).toBe("Тоног төхөөрөмжийн хувь");
		expect(text("1.1", "performance")).toBe("100%");
		expect(narrative("1.1")).toBe(
			"Тендер зарлаж, орон нутгийн хөгжлийн санхүүжилтээр нийлүүлсэн.",
		);
		expect(
			table.decisions.filter((d) => d.kind === "merge" && d.item === "1.1"),
		).toHaveLength(4);
		// a cell cut by the page break goes on in words: not a second value
		expect(table.flags.filter((f) => f.kind === "row-joined")).toEqual([]);
	});

	it("should flag the values a row at the top of the next page brings to an item that has its own (its № lost), not join them silently", () => {
		const md =
			`${HEAD}| 3.4 | Гэрээ байгуулах | | Гэрээ байгуулсан сайдын тоо | 18 | 18 | - | Байгуулав. | 100% |\n\n` +
			`${NUM}| | Төлөвлөгөө батлуулах | - | Байгууллагын тоо | 53 | 53 | - | Батлуулсан. | 100% |\n` +
			"| 3.6 | Дараагийн ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(md);
		expect(table.items.map((i) => i.item)).toEqual(["3.4", "3.6"]);
		expect(text("3.4", "baseline")).toBe("18 53");
		expect(
			table.flags
				.filter((f) => f.kind === "row-joined")
				.map((f) => `${f.item}:${f.field}`),
		).toEqual([
			"3.4:baseline",
			"3.4:targetHalfYear",
			"3.4:targetFullYear",
			"3.4:performancePct",
		]);
		for (const f of table.flags.filter((x) => x.kind === "row-joined")) {
			expect(flagText("en", f)).toBe(f.message);
			expect(flagText("mn", f)).toMatch(/мөр/u);
		}
		// a lone digit under a level (a numbering row's remnant, as in the seed) is no second level
		const remnant = stitch(
			`${HEAD}| 4.6 | Ил тод байдал | - | Хэрэгжилтийн | 43% | 60% | 80% | Хяналт | 100% |\n\n` +
				`${NUM}| | байдлыг ханган | | дундаж хувиар | | | | тавих. | 9 |\n`,
		).table;
		expect(remnant.flags.filter((f) => f.kind === "row-joined")).toEqual([]);
	});

	it("should flag a value cell holding two values (two rows in one: the line between them lost), not keep the first silently", () => {
		const md =
			`${HEAD}| 3.4 | Гэрээ байгуулах | - | Тоо | <p>18</p><p>53</p> | 18 53 | - | Байгуулав. | 100% |\n` +
			"| 3.5 | Төлөвлөгөө | - | Тоо | 1 000 | 2 удаа | 12,5% | Батлав. | 100% |\n";
		const { table } = stitch(md);
		const joined = table.flags.filter((f) => f.kind === "row-joined");
		expect(joined.map((f) => [f.item, f.field, f.evidence.text])).toEqual([
			["3.4", "baseline", "18 53"],
			["3.4", "targetHalfYear", "18 53"],
		]);
		for (const f of joined) {
			expect(flagText("en", f)).toBe(f.message);
			expect(flagText("mn", f)).toContain("18 53");
		}
	});

	it("should keep a mark read as signs in the narrative column out of the narrative", () => {
		const md =
			`${HEAD}| 4.16 | Захирамж, тушаал бүртгэх | - | Хэрэгжилтийн хувь | 90% | 90% | 100% | Захирамж 679, хурлын тэмдэглэл 25, хэлтсүүдээс явуулж байгаа илтгэх хуудас | 100% |\n` +
			"| 4.17 | Сумдын хөтлөх хэргийн нэрийн жагсаалтыг батлуулах | - | Хэрэгжилтийн хувь | 90% | 90% | 100% | Суйдын-хөтлөх хэргийн нэрийн жагсаалтад баримтуудыг тусгаж батлуулж ажилласан. | 100% |\n\n" +
			`${NUM}| | нэгтгэх, нягтлан шалгах | | | | | | ~— | |\n` +
			"| 4.18 | Баримт хүлээлгэн өгөх | - | Баримтын тоо | 0 | 3 | 265 | Хүлээлгэн өгсөн. | 100% |\n";
		const { table, narrative } = stitch(md);
		expect(narrative("4.17")).toBe(
			"Суйдын-хөтлөх хэргийн нэрийн жагсаалтад баримтуудыг тусгаж батлуулж ажилласан.",
		);
		expect(narrative("4.16")).toMatch(/илтгэх хуудас$/u);
		expect(
			table.decisions
				.filter((d) => d.kind === "drop-row" && d.field === "achievement")
				.map((d) => d.text),
		).toEqual(["~—"]);
	});

	it("should take an item number that breaks the sequence around it as the number the sequence shows, flagged", () => {
		const row = (no: string, base: string) =>
			`| ${no} | Ажил ${no} | - | Тоо | ${base} | 1 | 2 | Хийсэн. | 100% |\n`;
		const md =
			`${HEAD}| 4 | Зорилт 4. Дөрөв: | | | | | | | |\n` +
			row("4.7", "1") +
			row("4.2", "2") +
			row("4.13", "3") +
			row("4.4", "4") +
			row("4.34", "5") +
			row("4.6", "6");
		const { table, text } = stitch(md);
		expect(table.items.map((i) => i.item)).toEqual([
			"4.1",
			"4.2",
			"4.3",
			"4.4",
			"4.5",
			"4.6",
		]);
		expect(text("4.5", "baseline")).toBe("5");
		const inferred = table.flags.filter(
			(f) => f.kind === "item-number-inferred",
		);
		expect(inferred.map((f) => f.evidence)).toEqual([
			{ printed: "4.7", inferred: "4.1", before: "Зорилт 4", next: "4.2" },
			{ printed: "4.13", inferred: "4.3", before: "4.2", next: "4.4" },
			{ printed: "4.34", inferred: "4.5", before: "4.4", next: "4.6" },
		]);
		for (const f of inferred) {
			expect(flagText("en", f)).toBe(f.message);
			expect(flagText("mn", f)).toContain(f.evidence.printed as string);
		}
		// A sequence that shows nothing (the next row is not g.(n+1)), a number printed twice
		// (the repeats step's), a gap the report may have: left as printed, no flag.
		for (const [nos, want] of [
			[
				["4.1", "4.2", "4.34", "4.6"],
				["4.1", "4.2", "4.34", "4.6"],
			],
			[
				["4.1", "4.2", "4.2", "4.4"],
				["4.1", "4.2", "4.2", "4.4"],
			],
			[
				["4.1", "4.2", "4.4", "4.5"],
				["4.1", "4.2", "4.4", "4.5"],
			],
		] as const) {
			const t = stitch(
				`${HEAD}| 4 | Зорилт 4. Дөрөв: | | | | | | | |\n${nos.map((n) => row(n, "1")).join("")}`,
			).table;
			expect(
				t.items.map((i) => i.item),
				nos.join(),
			).toEqual(want);
			expect(t.flags.filter((f) => f.kind === "item-number-inferred")).toEqual(
				[],
			);
		}
	});

	it("should give a continuation row right after a goal heading to the next item", () => {
		const md =
			`${HEAD}| 2 | Зорилт 2. Хоёр: | | | | | | | |\n` +
			"| | | | | | | | Өмнө хэвлэгдсэн тайлбар. | |\n" +
			"| 2.1 | Ажил | - | Тоо | 1 | 1 | 2 | | 100% |\n";
		const { narrative, table } = stitch(md);
		expect(narrative("2.1")).toBe("Өмнө хэвлэгдсэн тайлбар.");
		expect(table.flags.filter((f) => f.kind === "orphan-row")).toEqual([]);
	});

	it("should read the goal row form 'Зорилт-6:' in the № column", () => {
		const md = `${HEAD}| Зорилт-6: Дотоод үйл ажиллагаа: | | | | | | | | |\n| 6.1 | Ажил | | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n`;
		const { table } = stitch(md);
		expect(table.goals).toEqual([
			{ number: 6, title: "Дотоод үйл ажиллагаа:" },
		]);
		expect(table.items[0]?.goal).toBe(6);
	});

	it("should read a goal's row cut into cells by a ruling as the goal, not as a continuation of the item above", () => {
		const md =
			`${HEAD}| 1.4 | Ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n` +
			"| 2 | Зорилт 2. Төрийн удирдлагын манлайллыг хэрэгжүүлэх, байгууллагын ү | | | | | | йл ажиллагааг боловсронгуй болгох: | |\n" +
			"| 2.1 | Дараагийн ажил | - | Тоо | 0 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text, narrative } = stitch(md);
		expect(table.goals).toEqual([
			{
				number: 2,
				title:
					"Төрийн удирдлагын манлайллыг хэрэгжүүлэх, байгууллагын ү йл ажиллагааг боловсронгуй болгох:",
			},
		]);
		expect(text("1.4", "activity")).toBe("Ажил");
		expect(narrative("1.4")).toBe("Хийсэн.");
		expect(table.items.map((i) => [i.item, i.goal])).toEqual([
			["1.4", 1],
			["2.1", 2],
		]);
	});

	it("should take a № read without its point as the next number, flagged, and flag a row's values joined to an item", () => {
		const rows =
			"| 2.4 | Тоног төхөөрөмжөөр хангах. | 132,32 сая | Хувь | 0 | 50 | 70 | Олгосон. | 100% |\n" +
			"| 25 | Сургалт зохион байгуулах | Нөөц | Мэдлэг | 125 | 130 | 135 | Хамрагдсан. | 100% |\n" +
			"| 2.6 | Дараагийн ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(`${HEAD}${rows}`);
		expect(table.items.map((i) => i.item)).toEqual(["2.4", "2.5", "2.6"]);
		expect(text("2.4", "baseline")).toBe("0");
		expect(text("2.5", "baseline")).toBe("125");
		const inferred = table.flags.filter(
			(f) => f.kind === "item-number-inferred",
		);
		expect(inferred.map((f) => [f.item, f.field])).toEqual([["2.5", "item"]]);
		expect(flagText("en", inferred[0] as (typeof inferred)[number])).toBe(
			inferred[0]?.message,
		);
		// Not the next number's digits ("52"), or a number printed elsewhere: a continuation, and
		// every value it brings to the item above is flagged, not joined silently.
		for (const no of ["52", "26", "2 5 x", ""]) {
			const { table: t, text: tx } = stitch(
				`${HEAD}${rows.replace("| 25 |", `| ${no} |`)}`,
			);
			expect(
				t.items.map((i) => i.item),
				no,
			).toEqual(["2.4", "2.6"]);
			expect(tx("2.4", "baseline"), no).toBe("0 125");
			const joined = t.flags
				.filter((f) => f.kind === "row-joined")
				.map((f) => `${f.item}:${f.field}`);
			// the stored message is the catalogue's English; the Mongolian is rendered from it
			for (const f of t.flags.filter((x) =>
				["row-joined", "item-number-unreadable"].includes(x.kind),
			)) {
				expect(flagText("en", f)).toBe(f.message);
				expect(flagText("mn", f)).toMatch(/мөр/u);
			}
			expect(joined, no).toEqual(
				expect.arrayContaining([
					"2.4:baseline",
					"2.4:targetHalfYear",
					"2.4:targetFullYear",
					"2.4:budget",
					"2.4:performancePct",
				]),
			);
		}
	});

	it("should know the first page's header printed again on a later page with its № misread, and not join it to the item above", () => {
		const head2 = HEAD.replace("| № |", "| ме |");
		const md =
			`${HEAD}| 4.5 | Нээлттэй мэдээлэх | - | Үнэлгээний хувь | 100% | 100% | 100% | Хийсэн. | 100% |\n\n` +
			`${head2}| 4.6 | Дараагийн ажил | - | Дундаж хувь | 43% | 60% | 80% | Хийсэн. | 100% |\n`;
		const { table, text } = stitch(md);
		expect(table.items.map((i) => i.item)).toEqual(["4.5", "4.6"]);
		expect(text("4.5", "activity")).toBe("Нээлттэй мэдээлэх");
		expect(text("4.5", "targetFullYear")).toBe("100%");
		// a continuation row cut by the page break, its words the header's in one or two columns
		const cont = stitch(
			`${HEAD}| 4.5 | Нээлттэй | - | Үнэлгээний | 100% | 100% | 100% | Хийсэн. | |\n\n` +
				`${NUM}| | мэдээлэх | Төсөв | Шалгуур үзүүлэлт | | | | Суурь түвшин | 100% |\n`,
		);
		expect(cont.text("4.5", "activity")).toBe("Нээлттэй мэдээлэх");
	});

	it("should move a mid-sentence tail printed in the next item's cell back to its item and flag it", () => {
		const md =
			`${HEAD}| 1 | Зорилт 1. Нэг: | | | | | | | |\n` +
			"| 1.1 | Цахим хуудас хөтлөх | - | Мэдээллийн тоо | 1 | 1 | 2 | Цахим хуудсанд шалгалтын | 100% |\n" +
			"| 1.2 | Сургалт зохион байгуулах | - | Сургалтын тоо | 1 | 1 | 2 | <p>талаар 35 мэдээлэл байршуулсан.</p><p>Сургалтыг 3 удаа зохион байгуулав.</p> | 100% |\n";
		const { narrative, table } = stitch(md);
		expect(narrative("1.1")).toBe(
			"Цахим хуудсанд шалгалтын талаар 35 мэдээлэл байршуулсан.",
		);
		expect(narrative("1.2")).toBe("Сургалтыг 3 удаа зохион байгуулав.");
		const move = table.decisions.find((d) => d.kind === "move");
		expect(move?.from).toBe("1.2");
		expect(move?.to).toBe("1.1");
		expect(
			table.flags
				.filter((f) => f.kind === "narrative-moved")
				.map((f) => f.item),
		).toEqual(["1.1", "1.2"]);
	});

	it("should not treat a continuation row full of column words as a header", () => {
		const md =
			`${HEAD}| 4.3 | Хурал зохион байгуулах, шийдвэрийн | | Хурлын | 1 | 5 | 8 | Зөвлөгөөн хийв. | 100% |\n\n` +
			`${NUM}| | хэрэгжилтийг хангуулах, хяналт тавьж, тайлагнах | | тоо | | | | | |\n`;
		const { text } = stitch(md);
		expect(text("4.3", "activity")).toBe(
			"Хурал зохион байгуулах, шийдвэрийн хэрэгжилтийг хангуулах, хяналт тавьж, тайлагнах",
		);
		expect(text("4.3", "indicator")).toBe("Хурлын тоо");
	});

	it("should take a № read without its point as the next item only when it is exactly that, flagged", () => {
		const md =
			`${HEAD}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 11 | Эхний ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n" +
			"| 1.2 | Хоёр дахь ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n" +
			"| 13 | Гурав дахь ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n" +
			"| 15 | Тав дахь ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(md);
		expect(table.items.map((i) => i.item)).toEqual(["1.1", "1.2", "1.3"]);
		const of = (kind: string) => table.flags.filter((f) => f.kind === kind);
		expect(of("item-number-inferred").map((f) => f.evidence)).toEqual([
			{ printed: "11", inferred: "1.1", after: "Зорилт 1" },
			{ printed: "13", inferred: "1.3", after: "1.2" },
		]);
		// "15" is not the item after 1.3: unreadable, its row joined to 1.3 with every value flagged
		expect(text("1.3", "activity")).toBe("Гурав дахь ажил Тав дахь ажил");
		expect(of("item-number-unreadable").map((f) => f.evidence)).toEqual([
			{ text: "15" },
		]);
		expect(of("row-joined").map((f) => f.field)).toEqual([
			"budget",
			"baseline",
			"targetHalfYear",
			"targetFullYear",
			"performancePct",
		]);
	});

	it("should drop a later page's header whose № was misread when it names five columns or more", () => {
		const md =
			`${HEAD}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 1.1 | Эхний ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n\n" +
			"| Ni | Стратеги төлөвлөгөө, хууль тогтоомж | Төсөв | Шалгуур үзүүлэлт | Суурь түвшин | Зорилтот түвшин | | Хүрсэн түвшин буюу хэрэгжилт | Гүйцэтгэлийн хувь |\n" +
			"|---|---|---|---|---|---|---|---|---|\n" +
			"| | | | | | Хагас жил | Бүтэн жил | | |\n" +
			"| 1.2 | Хоёр дахь ажил | - | Тоо | 3 | 3 | 4 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(md);
		expect(table.items.map((i) => i.item)).toEqual(["1.1", "1.2"]);
		expect(text("1.1", "baseline")).toBe("1");
		expect(text("1.1", "budget")).toBe("-");
		expect(text("1.2", "baseline")).toBe("3");
	});

	it("should drop a later page's repeated sub-header read with a word misread, and a numbering row misread past half", () => {
		// The fax made the other way, page 13: "Бүтэн жал" and "1 | 2 | ? | 4 | 3 | 6 | ? | ? | ?"
		// were joined to 5.1 as its values ("4 3", "Хагас жил 6").
		const page = (sub: string, numbering: string) =>
			"| Mr | Стратеги төлөвлөгөө, хууль тогтоомж | Төсөв | Шалгуур үзүүлэлт | Суурь түвшин | Зорилтот түвшин | | Хүрсэн түвшин буюу хэрэгжилт | Гүйцэтгэлийн хувь |\n" +
			"|---|---|---|---|---|---|---|---|---|\n" +
			`${sub}${numbering}| 1.2 | Хоёр дахь ажил | - | Тоо | 3 | 3 | 4 | Хийсэн. | 100% |\n`;
		const first =
			`${HEAD}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 1.1 | Эхний ажил | - | Тоо | 4 | 5 | 6 | Хийсэн. | 100% |\n\n";
		const { table, text } = stitch(
			first +
				page(
					"| | | | | | Хагас жил | Бүтэн жал | | |\n",
					"| 1 | 2 | ? | 4 | 3 | 6 | ? | ? | ? |\n",
				),
		);
		expect(table.items.map((i) => i.item)).toEqual(["1.1", "1.2"]);
		expect(text("1.1", "baseline")).toBe("4");
		expect(text("1.1", "targetHalfYear")).toBe("5");
		expect(text("1.1", "targetFullYear")).toBe("6");
		expect(table.flags.filter((f) => f.kind === "row-joined")).toEqual([]);
		// the numbering row's first cell misread too, and the first page's own sub-header misread
		// ("Хасас жил"): the sub-header's words as printed count
		const worse = stitch(
			first.replace("Хагас жил", "Хасас жил") +
				page(
					"| | | | | | Хагас mun | бүтэм жил | | |\n",
					"| 3 | 2 | 3 | 4 | 95 | ё | 1 | ? | 9 |\n",
				),
		);
		expect(worse.text("1.1", "baseline")).toBe("4");
		expect(worse.text("1.1", "targetHalfYear")).toBe("5");
		expect(worse.text("1.1", "targetFullYear")).toBe("6");
		// a continuation row under the header is still joined: words that are no sub-header's,
		// values in a row whose first cell is empty
		const cont = stitch(
			first +
				page(
					"| | үргэлжлэл | | | | Хагас сар | | | |\n",
					"| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |\n",
				),
		);
		expect(cont.text("1.1", "activity")).toBe("Эхний ажил үргэлжлэл");
		expect(cont.text("1.1", "targetHalfYear")).toBe("5 Хагас сар");
	});

	it("should take a № whose point was read as a digit, or one digit misread between its neighbours, as the item it stands for, flagged", () => {
		const row = (no: string, what: string) =>
			`| ${no} | ${what} | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n`;
		const md = (rows: string) =>
			`${HEAD}| 4 | Зорилт 4. Зорилт: | | | | | | | |\n${rows}`;
		// "111" between 4.10 and 4.12 (the 4 read as 1, its point lost): 4.11
		let s = stitch(
			md(
				row("4.10", "Арав дахь ажил") +
					row("111", "Арван нэг дэх ажил") +
					row("4.12", "Арван хоёр дахь ажил"),
			),
		);
		expect(s.table.items.map((i) => i.item)).toEqual(["4.10", "4.11", "4.12"]);
		expect(
			s.table.flags
				.filter((f) => f.kind === "item-number-inferred")
				.map((f) => f.evidence.printed),
		).toEqual(["111"]);
		// with no 4.12 after it to confirm the place: a continuation, every value flagged
		s = stitch(
			md(row("4.10", "Арав дахь ажил") + row("111", "Арван нэг дэх ажил")),
		);
		expect(s.table.items.map((i) => i.item)).toEqual(["4.10"]);
		expect(
			s.table.flags.filter((f) => f.kind === "row-joined").length,
		).toBeGreaterThan(0);
		// "413": 4.3's point read as a "1" right after 4.2 (the last row of its goal; the fax's
		// "534" for 5.4)
		s = stitch(
			md(row("4.1", "Эхний ажил") + row("4.2", "Хоёр") + row("413", "Гурав")),
		);
		expect(s.table.items.map((i) => i.item)).toEqual(["4.1", "4.2", "4.3"]);
	});

	it("should return undefined when the document has no plan table", () => {
		const doc = markdownToDocument("# Гарчиг\n\nЭнгийн текст.\n", {
			file: "t.md",
			sha256: "0",
			bytes: 0,
		});
		expect(stitchPlanTable(doc)).toBeUndefined();
	});

	it("should give a later page's column its header names nothing the first page's role there, flagged once", () => {
		// The fax made the other way, page 2: "Төсөв" read "Үесөв" — the budget column lost its
		// role and its budgets were stored empty, with only a row's unmapped-cell flag.
		const misread = HEAD.replace("| Төсөв |", "| Үесөв |");
		const md =
			`${HEAD}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 1.1 | Тоног төхөөрөмжөөр хангах | - | Тоног төхөөрөмжийн тоо | 0 | 50 | 60 | Нийлүүлсэн. | 100% |\n\n" +
			`${misread}| 1.2 | Дараагийн ажил | 220 сая ОНХС | Сургалтын тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n` +
			"| 1.3 | Гурав дахь ажил | 132,32 сая ОНХС | Төслийн тоо | 0 | 1 | 1 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(md);
		expect(text("1.2", "budget")).toBe("220 сая ОНХС");
		expect(text("1.3", "budget")).toBe("132,32 сая ОНХС");
		const inherited = table.flags.filter(
			(f) => f.kind === "column-role-inherited",
		);
		expect(inherited.map((f) => [f.field, f.evidence.column])).toEqual([
			["budget", 3],
		]);
		expect(table.flags.filter((f) => f.kind === "unmapped-cell")).toEqual([]);
		expect(table.holds).toEqual([]);
		expect(flagText("mn", inherited[0] as never)).toContain("Үесөв");
	});

	it("should drop a later page's header whose words are misread past a repeat, and its misread numbering row", () => {
		// The fax made the other way, page 3: "№" read "Mr", "Төсөв" "Үөсөв", the numbering row
		// "1 | 2 | 3 | 4 | ? | 6 | 2 | ? | ?" — all were joined to 1.1 as its values.
		const garbled =
			"| Mr | Сєүргтеги төлөвлөгөө боло | Үөсөв | Шалгуур үзүүлэлт | Суурь түвшин | Зорилтот түвшин | | Хүрсэн түвшин буюу хэрэгжилт | Гүйцэтгэлийн хувь |\n" +
			"|---|---|---|---|---|---|---|---|---|\n" +
			"| | | | | | Хагас жил | Бүтэн жил | | |\n" +
			"| 1 | 2 | 3 | 4 | ? | 6 | 2 | ? | ? |\n";
		const md =
			`${HEAD}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 1.1 | Тоног төхөөрөмжөөр хангах | - | Тоног төхөөрөмжийн тоо | 0 | 50 | 60 | Нийлүүлсэн. | 100% |\n\n" +
			`${garbled}| 1.2 | Дараагийн ажил | 220 сая ОНХС | Сургалтын тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n`;
		const { table, text } = stitch(md);
		expect(table.items.map((i) => i.item)).toEqual(["1.1", "1.2"]);
		expect(text("1.1", "baseline")).toBe("0");
		expect(text("1.1", "targetFullYear")).toBe("60");
		expect(text("1.1", "budget")).toBe("-");
		expect(text("1.2", "budget")).toBe("220 сая ОНХС");
		expect(table.flags.filter((f) => f.kind === "row-joined")).toEqual([]);
	});

	it("should read a header's misread column against the nearest sure header, also a later one", () => {
		// The fax made the other way, variant 1: page 1's own header lost "Төсөв" too, so the
		// first header was no reference and every budget column named nothing stayed empty.
		const misread = HEAD.replace("| Төсөв |", "| Teco |");
		const md =
			`${misread}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 1.1 | Тоног төхөөрөмжөөр хангах | 40 сая ОНХС | Тоног төхөөрөмжийн тоо | 0 | 50 | 60 | Нийлүүлсэн. | 100% |\n" +
			"| 1.2 | Сургалт зохион байгуулах | Байгууллагын төсөв | Сургалтын тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n\n" +
			`${HEAD}| 1.3 | Дараагийн ажил | 220 сая ОНХС | Төслийн тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n`;
		const { table, text } = stitch(md);
		expect(text("1.1", "budget")).toBe("40 сая ОНХС");
		expect(text("1.2", "budget")).toBe("Байгууллагын төсөв");
		expect(
			table.flags
				.filter((f) => f.kind === "column-role-inherited")
				.map((f) => [f.field, f.evidence.column]),
		).toEqual([["budget", 3]]);
	});

	it("should not give a later page's column a role when its header lays the columns out otherwise", () => {
		// Two columns swapped on the later page: not the same layout, so nothing is inherited.
		const other =
			"| № | Стратеги төлөвлөгөө, хууль тогтоомж | Үесөв | Суурь түвшин | Шалгуур үзүүлэлт | Зорилтот түвшин | | Хүрсэн түвшин буюу хэрэгжилт | Гүйцэтгэлийн хувь |\n" +
			"|---|---|---|---|---|---|---|---|---|\n" +
			"| | | | | | Хагас жил | Бүтэн жил | | |\n";
		const md =
			`${HEAD}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 1.1 | Тоног төхөөрөмжөөр хангах | - | Тоног төхөөрөмжийн тоо | 0 | 50 | 60 | Нийлүүлсэн. | 100% |\n\n" +
			`${other}| 1.2 | Дараагийн ажил | 220 сая ОНХС | 1 | Сургалтын тоо | 1 | 2 | Хийсэн. | 100% |\n` +
			"| 1.3 | Гурав дахь ажил | 132,32 сая ОНХС | 0 | Төслийн тоо | 1 | 1 | Хийсэн. | 100% |\n";
		const { table } = stitch(md);
		expect(
			table.flags.filter((f) => f.kind === "column-role-inherited"),
		).toEqual([]);
		expect(table.holds.map((h) => h.kind)).toContain("columns-unconfirmed");
	});
});

describe("rolesByPlace", () => {
	/** A scanned table's fragment: one row per texts list, cells at the given x edges. */
	function fragment(
		page: number,
		edges: number[],
		rows: string[][],
		index = page - 1,
	): TableFragment {
		const prov = (x0 = 0, x1 = 0, y = 0) => ({
			file: "t.png",
			page,
			bbox: [x0, y, x1, y + 40] as [number, number, number, number],
		});
		return {
			kind: "table",
			index,
			prov: prov(),
			rows: rows.map((texts, r) => ({
				prov: prov(),
				cells: texts.map((text, i) => ({
					paragraphs: text
						? [{ text, prov: prov(edges[i], edges[i + 1], r * 50) }]
						: [],
					colSpan: 1,
					rowSpan: 1,
					prov: prov(edges[i], edges[i + 1], r * 50),
				})),
			})),
		};
	}
	// Page 1: № | activity | budget | indicator | baseline | half | full | narrative | level.
	const EDGES = [100, 250, 900, 1300, 1700, 1950, 2200, 2450, 4000, 4400];
	const ROLES = [
		"item",
		"activity",
		"budget",
		"indicator",
		"baseline",
		"targetHalfYear",
		"targetFullYear",
		"achievement",
		"performance",
	] as const;

	it("should give each column the role of the column at the same place, when a ruling is lost", () => {
		// The page shifted by 60 pixels and scaled a little; the ruling between budget and
		// indicator lost: 8 columns.
		const before = fragment(1, EDGES, [
			["1.1", "a", "b", "c", "1", "2", "3", "d", "100%"],
		]);
		const shifted = [60, 212, 870, 1680, 1930, 2180, 2430, 3990, 4390];
		const after = fragment(2, shifted, [
			["1.2", "a", "b c", "1", "2", "3", "d", "100%"],
		]);
		expect(rolesByPlace(before, [...ROLES], after)).toEqual([
			"item",
			"activity",
			"indicator",
			"baseline",
			"targetHalfYear",
			"targetFullYear",
			"achievement",
			"performance",
		]);
	});

	it("should give no roles to a table without boxes (a text format keeps its cells' order)", () => {
		const before = fragment(1, EDGES, [
			["1.1", "a", "b", "c", "1", "2", "3", "d", "100%"],
		]);
		const bare = {
			...before,
			rows: before.rows.map((r) => ({
				...r,
				cells: r.cells.map((c) => ({ ...c, prov: { file: "t", page: 2 } })),
			})),
		};
		expect(rolesByPlace(before, [...ROLES], bare)).toBeUndefined();
	});

	it("should read a header-less page with one column more by place, flagged once, no budget stored empty", () => {
		const head = (texts: string[]) => texts;
		const first = fragment(1, EDGES, [
			head([
				"№",
				"Стратеги төлөвлөгөө, хууль тогтоомж",
				"Төсөв",
				"Шалгуур үзүүлэлт",
				"Суурь түвшин",
				"Хагас жил",
				"Бүтэн жил",
				"Хүрсэн түвшин буюу хэрэгжилт",
				"Гүйцэтгэлийн хувь",
			]),
			[
				"1.1",
				"Сургалт зохион байгуулах",
				"-",
				"Сургалтын тоо",
				"1",
				"2",
				"3",
				"Сургалтыг гурван удаа зохион байгуулсан.",
				"100%",
			],
			[
				"1.2",
				"Мэдээлэл байршуулах",
				"-",
				"Мэдээллийн тоо",
				"3",
				"4",
				"5",
				"Цахим хуудсанд мэдээлэл байршуулсан.",
				"100%",
			],
		]);
		// Page 2: no header; a stroke read as a ruling splits the narrative column in two.
		const edges2 = [
			100, 250, 900, 1300, 1700, 1950, 2200, 2450, 3200, 4000, 4400,
		];
		const second = fragment(2, edges2, [
			[
				"1.3",
				"Төсөл хэрэгжүүлэх",
				"220 сая ОНХС",
				"Төслийн тоо",
				"0",
				"1",
				"1",
				"Төслийн баримт бичгийг",
				"боловсруулсан.",
				"100%",
			],
			[
				"1.4",
				"Тайлан гаргах",
				"132,32 сая ОНХС",
				"Тайлангийн тоо",
				"1",
				"1",
				"2",
				"Тайланг гаргаж",
				"хүргүүлсэн.",
				"100%",
			],
		]);
		const doc: TailanDocument = {
			file: "t.png",
			format: "image",
			sha256: "0",
			bytes: 0,
			pages: [
				{ number: 1, blocks: [first] },
				{ number: 2, blocks: [second] },
			],
			issues: [],
		};
		const table = stitchPlanTable(doc);
		const budget = (item: string) =>
			table?.items
				.find((i) => i.item === item)
				?.fields.budget.map((p) => p.text)
				.join(" ");
		expect(budget("1.3")).toBe("220 сая ОНХС");
		expect(budget("1.4")).toBe("132,32 сая ОНХС");
		expect(
			table?.items
				.find((i) => i.item === "1.4")
				?.fields.performance.map((p) => p.text),
		).toEqual(["100%"]);
		const inherited =
			table?.flags.filter((f) => f.kind === "column-role-inherited") ?? [];
		expect(inherited).toHaveLength(1);
		expect(flagText("mn", inherited[0] as never)).toContain("10");
	});
});

describe("percentInPercentRow", () => {
	const prov = (extra: Partial<Provenance> = {}): Provenance => ({
		file: "scan.jpg",
		page: 6,
		...extra,
	});
	const item = (
		baseline: string,
		half: string,
		readings: string[] | undefined,
		full: string,
	): StitchedItem => {
		const piece = (text: string, extra: Partial<Provenance> = {}) => [
			{ text, prov: prov(extra) },
		];
		return {
			item: "4.2",
			goal: 4,
			fields: {
				item: piece("4.2"),
				activity: piece("Хяналт тавих"),
				budget: piece("-"),
				indicator: piece("Хэрэгжилтийн хувь"),
				baseline: baseline ? piece(baseline) : [],
				targetHalfYear: piece(half, readings ? { readings } : {}),
				targetFullYear: piece(full),
				performance: piece("100%"),
			},
			achievement: [],
			extras: {},
		} as unknown as StitchedItem;
	};

	it('should keep the percent a second reading gives for "589" in a row of percents, as a recorded repair', () => {
		// Copier variant 3, page 6: 4.2's half-year "58%" read "589," and again "58%".
		const it42 = item("55%", "589", ["589,", "58%"], "60%");
		percentInPercentRow(it42);
		const [p] = it42.fields.targetHalfYear;
		expect(p?.text).toBe("58%");
		expect(p?.prov.ocrRaw).toBe("589");
		expect(p?.prov.readings).toEqual(["589,", "58%"]);
		expect(p?.prov.repairs?.[0]).toMatchObject({ from: "589", to: "58%" });
	});

	it('should take a value whose "%" every reading gave as a digit as the percent in a row of percents, as a recorded repair', () => {
		// The fax made the other way, 4.2: "554 | 58% | 605" for "55% | 58% | 60%".
		const piece = (text: string, confidence: number | null = 91) => ({
			text,
			prov: {
				file: "t.png",
				page: 10,
				...(confidence === null ? {} : { confidence }),
			} as Provenance,
		});
		const row = (
			b: string,
			h: string,
			f: string,
			indicator = "Ашиглалтын хувиар",
			confidence: number | null = 91,
		): StitchedItem => ({
			item: "4.2",
			goal: 4,
			fields: {
				item: [],
				budget: [],
				activity: [],
				indicator: [piece(indicator)],
				baseline: [piece(b, confidence)],
				targetHalfYear: [piece(h, confidence)],
				targetFullYear: [piece(f, confidence)],
				performance: [],
			},
			achievement: [],
			extras: {},
		});
		const it1 = row("554", "58%", "605");
		percentInPercentRow(it1);
		expect(it1.fields.baseline[0]?.text).toBe("55%");
		expect(it1.fields.targetFullYear[0]?.text).toBe("60%");
		expect(it1.fields.baseline[0]?.prov.ocrRaw).toBe("554");
		expect(it1.fields.baseline[0]?.prov.repairs?.[0]).toMatchObject({
			from: "554",
			to: "55%",
		});
		// no percent read in the row, a value that is no such reading beside it, an indicator
		// naming no percent or a count too (the gold's 4.14: "165 | 50% | 85%" counts its
		// baseline), or values not read by OCR (a text's): kept
		for (const [b, h, f, indicator, confidence] of [
			["125", "135", "130", undefined, 91],
			["162", "509", "55%", undefined, 91],
			["56585", "30%", "859", undefined, 91],
			["165", "50%", "85%", "Иргэнд тухай бүр хариуг мэдэгдэх", 91],
			["554", "58%", "605", "Иргэдийн тоог нэмэгдүүлсэн хувиар", 91],
			["554", "58%", "605", undefined, null],
		] as const) {
			const other = row(b, h, f, indicator, confidence);
			percentInPercentRow(other);
			expect(
				[
					other.fields.baseline,
					other.fields.targetHalfYear,
					other.fields.targetFullYear,
				].map((x) => x[0]?.text),
			).toEqual([b, h, f]);
		}
	});

	it("should leave the value where the row is not of percents, or no reading gives one", () => {
		// Our fax's 2.5 baseline "125", read again "12%": its targets are counts.
		const counts = item("", "125", ["125", "12%"], "300");
		percentInPercentRow(counts);
		expect(counts.fields.targetHalfYear[0]?.text).toBe("125");
		// Not read by OCR (a text's "589"): left as written.
		const once = item("55%", "589", undefined, "60%");
		percentInPercentRow(once);
		expect(once.fields.targetHalfYear[0]?.text).toBe("589");
		const alone = item("", "589", ["589", "58%"], "-");
		percentInPercentRow(alone);
		expect(alone.fields.targetHalfYear[0]?.text).toBe("589");
	});
});

describe("a ruling's remnant read as marks", () => {
	it("should tell marks alone from text", () => {
		for (const t of ["|", "| Ї", "| ! |", ": ! i", "i i", "!"])
			expect(rulingMarks(t)).toBe(true);
		for (const t of ["1", "-", "?", "I", "4.4", "тоо", "| 1", "л"])
			expect(rulingMarks(t)).toBe(false);
	});

	it("should cut the marks a text ends in, and nothing else", () => {
		expect(withoutRulingTail("Уламжилсан иргэдийн 100 ! |")).toBe(
			"Уламжилсан иргэдийн 100",
		);
		expect(withoutRulingTail("хэлэлцээрийн тса i i i")).toBe(
			"хэлэлцээрийн тса",
		);
		expect(withoutRulingTail("Баримтын тоо")).toBeUndefined();
		expect(withoutRulingTail("| !")).toBeUndefined();
		// A Roman "I", a particle "л", a digit are words.
		expect(withoutRulingTail("II улирал I")).toBeUndefined();
		expect(withoutRulingTail("нэг л")).toBeUndefined();
		expect(withoutRulingTail("Хувь 1")).toBeUndefined();
	});

	it("should give back the text's words whatever marks follow them (property)", () => {
		const word = fc.constantFrom(
			"Баримтын",
			"тоо",
			"хувь",
			"100",
			"4.19",
			"I",
			"л",
			"ТОО",
		);
		const mark = fc.constantFrom("|", "!", "¦", ":", ";", "І", "Ї", "i", "l");
		fc.assert(
			fc.property(
				fc.array(word, { minLength: 1, maxLength: 6 }),
				fc.array(mark, { minLength: 0, maxLength: 5 }),
				(words, marks) => {
					const text = [...words, ...marks].join(" ");
					const cut = withoutRulingTail(text);
					if (marks.length === 0) expect(cut).toBeUndefined();
					else expect(cut).toBe(words.join(" "));
					expect(rulingMarks(marks.join(" ") || "x")).toBe(marks.length > 0);
				},
			),
			{ seed, numRuns: 300 },
		);
	});

	it("should leave out marks joining a value an item holds from the next page's first row, and cut a text's trailing marks as a recorded repair", () => {
		const md =
			`${HEAD}| 4.4 | Цахим хуудас хөтлөх | - | Сайтын хандалтын тоо ! i | 0 | 2500 | 5000 | Хийсэн. | 100% |\n\n` +
			`${NUM}| | | | | ! : | i | | хэрэгжүүлсэн. | |\n` +
			"| 4.5 | Дараагийн ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(md);
		expect(table.items.map((i) => i.item)).toEqual(["4.4", "4.5"]);
		expect(text("4.4", "baseline")).toBe("0");
		expect(text("4.4", "targetHalfYear")).toBe("2500");
		expect(text("4.4", "indicator")).toBe("Сайтын хандалтын тоо");
		const indicator = table.items.find((i) => i.item === "4.4")?.fields
			.indicator[0];
		expect(indicator?.prov.ocrRaw).toBe("Сайтын хандалтын тоо ! i");
		expect(indicator?.prov.repairs?.[0]?.to).toBe("Сайтын хандалтын тоо");
		expect(
			table.decisions
				.filter((d) => d.kind === "drop-mark")
				.map((d) => [d.item, d.field, d.text]),
		).toEqual([
			["4.4", "baseline", "! :"],
			["4.4", "targetHalfYear", "i"],
		]);
		expect(table.flags.filter((f) => f.kind === "row-joined")).toEqual([]);
	});

	it("should keep a remnant left out beside a cell's own value as a decision, its text whole", () => {
		const md =
			`${HEAD}| 4.4 | Цахим хуудас хөтлөх | - | Сайтын хандалтын тоо | 2<br>Ї i | 2500 | 5000 | Хийсэн. | 100% |\n` +
			"| 4.5 | Дараагийн ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(md);
		expect(text("4.4", "baseline")).toBe("2");
		expect(
			table.decisions
				.filter((d) => d.kind === "drop-mark")
				.map((d) => [d.field, d.text]),
		).toEqual([["baseline", "Ї i"]]);
	});

	it("should keep marks alone where the item holds nothing else (a value misread as a bar is asked about)", () => {
		const md =
			`${HEAD}| 4.4 | Цахим хуудас хөтлөх | - | Сайтын хандалтын тоо | ! | 2500 | 5000 | Хийсэн. | 100% |\n` +
			"| 4.5 | Дараагийн ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(md);
		expect(text("4.4", "baseline")).toBe("!");
		expect(table.decisions.filter((d) => d.kind === "drop-mark")).toEqual([]);
	});
});
