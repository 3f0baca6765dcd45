import { describe, expect, it } from "vitest";
import { LEVELS } from "../pipeline/records.ts";
import { LEVEL_LABELS, parseLevel } from "./levels.ts";

describe("parseLevel", () => {
	it("should read levels written as numbers with or without %", () => {
		expect(parseLevel("100%")).toEqual({
			level: 100,
			notDue: false,
			noise: false,
		});
		expect(parseLevel("100")).toEqual({
			level: 100,
			notDue: false,
			noise: false,
		});
		expect(parseLevel("100 %")).toEqual({
			level: 100,
			notDue: false,
			noise: false,
		});
		expect(parseLevel("70%")).toEqual({
			level: 70,
			notDue: false,
			noise: false,
		});
		expect(parseLevel("0%")).toEqual({ level: 0, notDue: false, noise: false });
	});
	it("should read every level of the scale", () => {
		for (const level of LEVELS)
			expect(parseLevel(`${level}%`).level).toBe(level);
	});
	it("should read not-due text and near variants", () => {
		expect(parseLevel("Хэрэгжилт тооцох хугацаа болоогүй")).toEqual({
			level: null,
			notDue: true,
			noise: false,
		});
		expect(parseLevel("хэрэгжилтийг тооцох ХУГАЦАА болоогүй.")).toEqual({
			level: null,
			notDue: true,
			noise: false,
		});
	});
	it("should read level labels alone", () => {
		expect(parseLevel("Бүрэн хэрэгжсэн").level).toBe(100);
		expect(parseLevel("Хэрэгжих шатанд").level).toBe(70);
		expect(parseLevel("Хэрэгжилт хангалтгүй").level).toBe(30);
		expect(parseLevel("Хэрэгжээгүй").level).toBe(0);
		expect(parseLevel("бүрэн  хэрэгжсэн.")).toEqual({
			level: 100,
			notDue: false,
			noise: false,
		});
	});
	it("should flag the 90/80 label as noise, since it names no single level", () => {
		expect(parseLevel("Тодорхой үр дүнд хүрсэн")).toEqual({
			level: null,
			notDue: false,
			noise: true,
			ambiguous: true,
		});
	});
	it("should read the other written forms of a level", () => {
		const cases: [string, number][] = [
			["100", 100],
			["100%", 100],
			["100 %", 100],
			["100 хувь", 100],
			["70 хувь", 70],
			["Бүрэн хэрэгжсэн", 100],
			["90% Тодорхой үр дүнд хүрсэн", 90],
			["80% Тодорхой үр дүнд хүрсэн", 80],
			["80 хувь Тодорхой үр дүнд хүрсэн", 80],
			["70% Хэрэгжих шатанд", 70],
			["30 Хэрэгжилт хангалтгүй", 30],
			["0% Хэрэгжээгүй", 0],
		];
		for (const [text, level] of cases)
			expect(parseLevel(text).level, text).toBe(level);
		expect(parseLevel("Хэрэгжилт тооцох хугацаа болоогүй").notDue).toBe(true);
		// The 90/80 words with another number are a mismatch.
		expect(parseLevel("70% Тодорхой үр дүнд хүрсэн").noise).toBe(true);
		expect(parseLevel("100 хувиар нэмэгдсэн").noise).toBe(true);
	});
	it("should read a number with its matching label and flag a mismatch", () => {
		expect(parseLevel("100% Бүрэн хэрэгжсэн").level).toBe(100);
		expect(parseLevel("70% Бүрэн хэрэгжсэн")).toEqual({
			level: null,
			notDue: false,
			noise: true,
		});
	});
	it("should give no level and no noise for an empty cell", () => {
		expect(parseLevel("")).toEqual({
			level: null,
			notDue: false,
			noise: false,
		});
		expect(parseLevel(" \n ")).toEqual({
			level: null,
			notDue: false,
			noise: false,
		});
	});
	it("should flag anything else as noise", () => {
		for (const raw of ["9", "85%", "abc", "1,500", "-", "100% ok"]) {
			expect(parseLevel(raw)).toEqual({
				level: null,
				notDue: false,
				noise: true,
			});
		}
	});
});

describe("LEVEL_LABELS", () => {
	it("should label every level", () => {
		for (const level of LEVELS) expect(LEVEL_LABELS[level]).toMatch(/\p{L}/u);
		expect(LEVEL_LABELS[100]).toBe("Бүрэн хэрэгжсэн");
		expect(LEVEL_LABELS[0]).toBe("Хэрэгжээгүй");
	});
});
