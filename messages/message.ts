/** One message of the catalogue, in both languages. */
export interface Message {
	mn: string;
	en: string;
}
