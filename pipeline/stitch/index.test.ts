import { describe, expect, it } from "vitest";
import { markdownToDocument } from "../../parsers/markdown/index.ts";
import { stitchPlanTable } from "./index.ts";

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

	it("should take a № read without its point as the next item only when it is exactly that, recorded as a repair", () => {
		const md =
			`${HEAD}| 1 | Зорилт 1. Эхний зорилт: | | | | | | | |\n` +
			"| 11 | Эхний ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n" +
			"| 1.2 | Хоёр дахь ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n" +
			"| 13 | Гурав дахь ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n" +
			"| 15 | Тав дахь ажил | - | Тоо | 1 | 1 | 2 | Хийсэн. | 100% |\n";
		const { table, text } = stitch(md);
		expect(table.items.map((i) => i.item)).toEqual(["1.1", "1.2", "1.3"]);
		const repaired = table.items.find((i) => i.item === "1.3")?.fields.item;
		expect(repaired?.map((p) => p.text)).toEqual(["1.3"]);
		expect(repaired?.[0]?.prov.ocrRaw).toBe("13");
		expect(repaired?.[0]?.prov.repairs?.[0]).toMatchObject({
			from: "13",
			to: "1.3",
		});
		// "15" is not the item after 1.3: unreadable, its row a continuation of 1.3
		expect(text("1.3", "activity")).toBe("Гурав дахь ажил Тав дахь ажил");
		expect(
			table.flags
				.filter((f) => f.kind === "item-number-unreadable")
				.map((f) => f.evidence),
		).toEqual([{ text: "15" }]);
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

	it("should return undefined when the document has no plan table", () => {
		const doc = markdownToDocument("# Гарчиг\n\nЭнгийн текст.\n", {
			file: "t.md",
			sha256: "0",
			bytes: 0,
		});
		expect(stitchPlanTable(doc)).toBeUndefined();
	});
});
