import { describe, expect, it } from "vitest";
import {
	collapseWhitespace,
	danglingEnd,
	endsDangling,
	firstLetter,
	foldLookalikes,
	lookalikeSkeleton,
	lowerMn,
	similarity,
	startsLowercase,
	stem,
	stems,
	words,
} from "./text.ts";

describe("collapseWhitespace", () => {
	it("should turn every whitespace run into one space and trim", () => {
		expect(collapseWhitespace("  a \t b\n\nc  ")).toBe("a b c");
	});
	it("should treat no-break and thin spaces as whitespace", () => {
		expect(collapseWhitespace("1\u00A0500\u2009000")).toBe("1 500 000");
	});
	it("should return an empty string for blank text", () => {
		expect(collapseWhitespace(" \n ")).toBe("");
	});
});

describe("lowerMn", () => {
	it("should lower-case Mongolian letters Ө and Ү", () => {
		expect(lowerMn("ӨРГӨН ҮЙЛЧИЛГЭЭ")).toBe("өргөн үйлчилгээ");
	});
	it("should lower-case Latin letters", () => {
		expect(lowerMn("ЗДТГ eOffice")).toBe("здтг eoffice");
	});
});

describe("firstLetter", () => {
	it("should skip leading quotes, dashes, digits and punctuation", () => {
		expect(firstLetter('-"1. Өргөн')).toBe("Ө");
	});
	it("should return null when there is no letter", () => {
		expect(firstLetter("12.3 - %")).toBeNull();
	});
});

describe("startsLowercase", () => {
	it("should be true for a fragment starting in lower case", () => {
		expect(startsLowercase("оны эхний хагас жилд")).toBe(true);
	});
	it("should be true for a lower-case ө or ү after a quote", () => {
		expect(startsLowercase("«өргөн")).toBe(true);
		expect(startsLowercase(" үйлчилгээ")).toBe(true);
	});
	it("should be false for a fragment starting in upper case", () => {
		expect(startsLowercase("Хью Парсонсоор")).toBe(false);
	});
	it("should be false after a list dash, a bullet or a digit", () => {
		expect(startsLowercase("-аймгийн")).toBe(false);
		expect(startsLowercase("– аймгийн")).toBe(false);
		expect(startsLowercase("• аймгийн")).toBe(false);
		expect(startsLowercase("1. аймгийн")).toBe(false);
		expect(startsLowercase("2024 оны")).toBe(false);
	});
	it("should be false for a letter item marker", () => {
		expect(startsLowercase("а) аймгийн")).toBe(false);
	});
	it("should be false for empty or letterless text", () => {
		expect(startsLowercase("")).toBe(false);
		expect(startsLowercase("...")).toBe(false);
	});
});

describe("endsDangling", () => {
	it("should be dangling without final punctuation", () => {
		expect(endsDangling("хамруулж, чадавхжуулсан")).toBe(true);
		expect(danglingEnd("хамруулж,")).toBe("no-final-punctuation");
	});
	it("should not be dangling after . ! ? … ; : or »", () => {
		for (const end of [".", "!", "?", "…", ";", ":", "»"]) {
			expect(endsDangling(`тусгасан байна${end}`)).toBe(false);
		}
	});
	it("should look through closing quotes and brackets", () => {
		expect(endsDangling('гэж мэдэгдэв."')).toBe(false);
		expect(endsDangling('"Байгальд ээлтэй хөгжил"')).toBe(true);
	});
	it("should be dangling after a title word that needs a name", () => {
		expect(danglingEnd("төслийн зохицуулагч, Доктор")).toBe("title");
		expect(danglingEnd("Монгол Улсын Ерөнхийлөгч")).toBe("title");
		expect(danglingEnd("уулзалтад Др.")).toBe("title");
	});
	it("should not be dangling after a title word that ends a sentence", () => {
		expect(endsDangling("газрын дарга.")).toBe(false);
	});
	it("should be dangling after a single capital initial", () => {
		expect(danglingEnd("Монгол Улсын Ерөнхийлөгч У.")).toBe("initial");
	});
	it("should be dangling after a 4-digit year", () => {
		expect(danglingEnd("төлөвлөгөөг 2024")).toBe("year");
	});
	it("should not be dangling after a year that ends a sentence", () => {
		expect(endsDangling("хэрэгжүүлнэ 2024.")).toBe(false);
	});
	it("should not be dangling for empty text", () => {
		expect(endsDangling("  ")).toBe(false);
	});
});

describe("words", () => {
	it("should split on digits and punctuation and lower-case", () => {
		expect(words("ЕБС-ийн 9 сурагчийг БНХАУ-д")).toEqual([
			"ебс",
			"ийн",
			"сурагчийг",
			"бнхау",
			"д",
		]);
	});
	it("should keep Ө and Ү inside words", () => {
		expect(words("Өргөн Үйлчилгээ")).toEqual(["өргөн", "үйлчилгээ"]);
	});
	it("should return no words for letterless text", () => {
		expect(words("1.2 - 3%")).toEqual([]);
	});
});

describe("stem", () => {
	it("should keep the first 5 letters, lower-cased", () => {
		expect(stem("Төслүүдийг")).toBe("төслү");
		expect(stem("төслийн")).toBe("төсли");
	});
	it("should group case forms of one word", () => {
		expect(stem("хөтөлбөрүүдийг")).toBe(stem("Хөтөлбөрийн"));
	});
	it("should keep short words whole", () => {
		expect(stem("Сан")).toBe("сан");
	});
});

describe("stems", () => {
	it("should drop short words and stop words", () => {
		const s = stems("Төсөл болон хөтөлбөрийн тухай 2024 оны ЗДТГ байна");
		expect([...s].sort()).toEqual(["здтг", "төсөл", "хөтөл"]);
	});
	it("should be empty for empty text", () => {
		expect(stems("").size).toBe(0);
	});
});

describe("similarity", () => {
	it("should be 1 for equal texts and for two empty texts", () => {
		expect(similarity("хувь", "хувь")).toBe(1);
		expect(similarity("", "")).toBe(1);
	});
	it("should ignore whitespace differences", () => {
		expect(similarity(" Бүрэн  хэрэгжсэн", "Бүрэн хэрэгжсэн ")).toBe(1);
	});
	it("should be 1 minus edits over the longer length", () => {
		expect(similarity("abcd", "abce")).toBe(0.75);
		expect(similarity("abc", "")).toBe(0);
	});
});

describe("foldLookalikes", () => {
	it("should read Latin look-alikes inside Cyrillic words as Cyrillic", () => {
		expect(foldLookalikes("Шалгyyр Cан")).toBe("Шалгуур Сан");
	});
	it("should keep pure Latin words", () => {
		expect(foldLookalikes("eoffice ХХК")).toBe("eoffice ХХК");
	});
});

describe("lookalikeSkeleton", () => {
	it("should read every Latin look-alike as its Cyrillic twin, in mixed and pure-Latin words alike", () => {
		expect(lookalikeSkeleton("eoffice")).toBe(lookalikeSkeleton("еоffiсе"));
		expect(lookalikeSkeleton("Шалгyyр")).toBe("Шалгуур");
		expect(lookalikeSkeleton("gov.mn")).toBe("gоv.мп");
		// Letters without a twin stay as they are.
		expect(lookalikeSkeleton("fig")).toBe("fig");
	});
});
