const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** A count as prose writes it: a word up to twelve, digits above; capitalised to start a sentence. */
export function countInWords(count: number, { sentenceStart = false } = {}): string {
	const text = words[count] ?? String(count);
	return sentenceStart ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
