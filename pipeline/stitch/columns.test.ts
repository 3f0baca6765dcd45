import { describe, expect, it } from "vitest";
import type { Row } from "../document.ts";
import { headerMatches, mapColumns } from "./columns.ts";

const prov = { file: "t", page: 1 };
/** A row of cells; "text|2" spans two columns (the covered cell follows, empty). */
function row(...texts: string[]): Row {
	const cells = texts.flatMap((t) => {
		const [text = "", span = "1"] = t.split("|");
		const colSpan = Number(span);
		const cell = {
			paragraphs: text ? [{ text, prov }] : [],
			colSpan,
			rowSpan: 1,
			prov,
		};
		const covered = { paragraphs: [], colSpan: 1, rowSpan: 1, prov };
		return [cell, ...Array.from({ length: colSpan - 1 }, () => covered)];
	});
	return { cells, prov };
}

const data = [
	row(
		"1.1",
		"Мэдээлэл байршуулах ажил",
		"Мэдээллийн тоо",
		"3",
		"4",
		"Цахим хуудсанд 35 мэдээлэл байршуулж, иргэдэд хүргэсэн.",
		"100%",
		"2024 оны IV улирал",
	),
	row(
		"1.2",
		"Сургалт зохион байгуулах",
		"Сургалтын тоо",
		"1",
		"2",
		"Сургалтыг гурван удаа зохион байгуулж, 60 хүн хамрагдсан.",
		"90%",
		"2024 он",
	),
	row(
		"1.3",
		"Төсөл хэрэгжүүлэх",
		"Төслийн тоо",
		"-",
		"1",
		"Төслийн баримт бичгийг боловсруулж, яаманд хүргүүлсэн.",
		"Хэрэгжилт тооцох хугацаа болоогүй",
		"",
	),
];

describe("mapColumns", () => {
	it("should map a header in any order with an extra column, and be confident", () => {
		const header = row(
			"Д/д",
			"Арга хэмжээ",
			"Шалгуур",
			"Суурь түвшин (2023)",
			"Жилийн эцэс",
			"Хүрсэн үр дүн",
			"Гүйцэтгэл (%)",
			"Хугацаа",
		);
		const m = mapColumns([header], data);
		expect(m.map).toEqual([
			"item",
			"activity",
			"indicator",
			"baseline",
			"targetFullYear",
			"achievement",
			"performance",
			"deadline",
		]);
		expect(m.confident).toBe(true);
		expect(m.columns.every((c) => c.content >= 0)).toBe(true);
	});
	it("should read a spanning target over its half- and full-year sub-header", () => {
		const top = row(
			"№",
			"Арга хэмжээ",
			"Шалгуур үзүүлэлт",
			"Зорилтот түвшин|2",
			"Хэрэгжилт",
			"Хувь",
			"Хугацаа",
		);
		const sub = row("", "", "", "Хагас жил", "Бүтэн жил", "", "", "");
		expect(headerMatches(sub)).toBeDefined();
		const m = mapColumns([top, sub], data);
		expect(m.map.slice(3, 5)).toEqual(["targetHalfYear", "targetFullYear"]);
		expect(m.confident).toBe(true);
	});
	it("should flag a header its content contradicts and not be confident", () => {
		// "Гүйцэтгэлийн хувь" over the narratives, "Хүрсэн түвшин" over the levels.
		const header = row(
			"№",
			"Арга хэмжээ",
			"Шалгуур үзүүлэлт",
			"Суурь түвшин",
			"Бүтэн жил",
			"Гүйцэтгэлийн хувь",
			"Хүрсэн түвшин",
			"Хугацаа",
		);
		const m = mapColumns([header], data);
		expect(m.confident).toBe(false);
		expect(m.doubts.join(" ")).toMatch(/column 6/);
		expect(m.columns[5]?.content).toBe(-1);
	});
	it("should infer the roles from content without a header, never confidently", () => {
		const m = mapColumns([], data);
		expect(m.source).toBe("content");
		expect(m.confident).toBe(false);
		expect(m.map[0]).toBe("item");
		expect(m.map[5]).toBe("achievement");
		expect(m.map[6]).toBe("performance");
	});
	it("should find an item column left without a header by its numbers", () => {
		const header = row(
			"",
			"Арга хэмжээ",
			"Шалгуур үзүүлэлт",
			"Суурь түвшин",
			"Бүтэн жил",
			"Хэрэгжилт",
			"Хэрэгжилтийн хувь",
			"Хугацаа",
		);
		const m = mapColumns([header], data);
		expect(m.map[0]).toBe("item");
		expect(m.confident).toBe(true);
		expect(m.notes.join(" ")).toMatch(/item numbers/);
	});
	it("should not take a data row or a continuation row for a header", () => {
		expect(headerMatches(data[0] as Row)).toBeUndefined();
		expect(
			headerMatches(
				row(
					"",
					"хэрэгжүүлэх арга хэмжээ",
					"Байгууллагын төсөв",
					"Стандартын хэрэгжилтийн хувь",
					"",
					"100%",
				),
			),
		).toBeUndefined();
	});
});
