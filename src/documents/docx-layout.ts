import {
	AlignmentType,
	BorderStyle,
	Document,
	Header,
	Packer,
	PageNumber,
	Paragraph,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	VerticalAlign,
	WidthType,
	type ITableCellOptions,
} from 'docx';
import type {MinutesSection} from './minutes.js';

// A Word document in the administrative layout of Nghị định 30/2020/NĐ-CP (as the town's 2021
// plan is laid out): issuing body and national motto side by side, the number and the
// place-and-date line, the title, the body closed by "./.", then the signature blocks (a biên
// bản has two, THƯ KÝ left and CHỦ TỌA right, as Phụ lục III's form; other documents one, with
// "Nơi nhận:" beside it). A4, Times New Roman, the decree's margins (top and bottom 20 mm,
// left 30 mm, right 15 mm); page numbers in Arabic numerals centred at the top from page 2 on
// (the first page has a header of its own, empty). The language is tagged on the document's
// defaults and every run, so Word checks Vietnamese as Vietnamese. Built with the `docx`
// package; no OOXML by hand.

const MM = 56.7; // twips per millimetre
const PAGE = {width: Math.round(210 * MM), height: Math.round(297 * MM)};
const MARGIN = {top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM)};
const CONTENT = PAGE.width - MARGIN.left - MARGIN.right;
const pt = (size: number) => size * 2; // docx sizes are half-points

const NONE = {style: BorderStyle.NONE, size: 0, color: 'FFFFFF'} as const;
const NO_BORDERS = {top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE};
const LINE = {style: BorderStyle.SINGLE, size: 4, color: '000000'} as const;

export interface AdministrativeDocument {
	/** Issuing body, one line each: the last line bold (the body that issues), those above it regular. */
	issuer: string[];
	/** "Số:        /BB-HĐND" */
	number: string;
	motto: [string, string];
	/** "Đức Phổ, ngày 25 tháng 11 năm 2021" */
	placeDate: string;
	title: string;
	/** The subject line under the title (trích yếu). */
	subject: string;
	/** Lines before the sections ("Thời gian: …"). */
	facts: Array<[string, string]>;
	/** A paragraph after the facts (how times are given). */
	preamble?: string;
	sections: MinutesSection[];
	/** The text's last sentence; "./." is added after it (the decree's mark of where the text ends). */
	closing: string;
	recipientsLabel: string;
	recipients: string[];
	/** One block (beside "Nơi nhận:") or two (a biên bản: the secretary left, the chair right, "Nơi nhận:" below). A blank name leaves a dotted line to write on. */
	signers: Array<{lines: string[]; name: string}>;
	/** The document's language ("vi": tagged vi-VN). */
	lang: 'vi' | 'en';
	/** Who wrote it, for the file's properties (author, last modified by): the office's name. */
	author: string;
}

/** Where a name is to be written by hand. */
const NAME_LINE = '……………………………';

const LANGUAGE = {vi: 'vi-VN', en: 'en-GB'} as const;
type TextOptions = {bold?: boolean; italics?: boolean; size?: number; underline?: boolean};
/** Makes a run of the document's text, tagged with its language. */
type Text = (value: string, options?: TextOptions) => TextRun;

const textIn =
	(language: string): Text =>
	(value, options = {}) =>
		new TextRun({
			text: value.normalize('NFC'),
			bold: options.bold,
			italics: options.italics,
			size: pt(options.size ?? 14),
			language: {value: language},
			...(options.underline ? {underline: {}} : {}),
		});

const centered = (runs: TextRun[], spacing: {before?: number; after?: number} = {}) =>
	new Paragraph({alignment: AlignmentType.CENTER, spacing, children: runs});

/** A short centred rule under a header line (the decree's line under the issuer and the motto). */
function rule(widthTwips: number, cellTwips: number): Paragraph {
	const indent = Math.max(0, Math.round((cellTwips - widthTwips) / 2));
	return new Paragraph({indent: {left: indent, right: indent}, border: {top: LINE}, spacing: {before: 20, after: 120}, children: []});
}

function cell(children: Paragraph[], width: number, options: Partial<ITableCellOptions> = {}): TableCell {
	return new TableCell({
		children,
		width: {size: width, type: WidthType.DXA},
		borders: {top: NONE, bottom: NONE, left: NONE, right: NONE},
		...options,
	});
}

function header(doc: AdministrativeDocument, text: Text): Table {
	const left = Math.round(CONTENT * 0.4);
	const right = CONTENT - left;
	const issuer = doc.issuer.map((line, index) => centered([text(line.toUpperCase(), {bold: index === doc.issuer.length - 1, size: 13})]));
	const leftCell = cell([...issuer, rule(Math.round(left * 0.4), left), centered([text(doc.number, {size: 13})])], left);
	const rightCell = cell(
		[
			centered([text(doc.motto[0], {bold: true, size: 12})]),
			centered([text(doc.motto[1], {bold: true, size: 14})]),
			rule(Math.round(right * 0.62), right),
			centered([text(doc.placeDate, {italics: true, size: 14})]),
		],
		right,
	);
	return new Table({
		width: {size: CONTENT, type: WidthType.DXA},
		columnWidths: [left, right],
		layout: TableLayoutType.FIXED,
		borders: NO_BORDERS,
		rows: [new TableRow({children: [leftCell, rightCell]})],
	});
}

const body = (runs: TextRun[]) =>
	new Paragraph({
		alignment: AlignmentType.JUSTIFIED,
		indent: {firstLine: Math.round(10 * MM)},
		spacing: {before: 60, after: 60, line: 312},
		children: runs,
	});

/** A bordered data table in 12 pt (the first column gets the most room). */
function dataTable(text: Text, head: string[], rows: string[][], bold: number[] = [], weights?: number[]): Table {
	const widths: number[] = weights?.length === head.length ? weights : head.map((_, index) => (index === 0 ? 3 : 1.4));
	const sum = widths.reduce((a, b) => a + b, 0);
	const columnWidths = widths.map(width => Math.floor((width / sum) * CONTENT));
	const line = (cells: string[], isHead: boolean, isBold: boolean) =>
		new TableRow({
			tableHeader: isHead,
			cantSplit: true,
			children: cells.map(
				(value, index) =>
					new TableCell({
						width: {size: columnWidths[index]!, type: WidthType.DXA},
						verticalAlign: VerticalAlign.CENTER,
						margins: {top: 40, bottom: 40, left: 80, right: 80},
						children: [
							new Paragraph({
								alignment: isHead || index > 0 ? AlignmentType.CENTER : AlignmentType.LEFT,
								children: [text(value, {bold: isHead || isBold, size: 12})],
							}),
						],
					}),
			),
		});
	return new Table({
		width: {size: CONTENT, type: WidthType.DXA},
		columnWidths,
		layout: TableLayoutType.FIXED,
		rows: [line(head, true, false), ...rows.map((cells, index) => line(cells, false, bold.includes(index)))],
	});
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

function sectionBlocks(sections: MinutesSection[], text: Text): Array<Paragraph | Table> {
	const out: Array<Paragraph | Table> = [];
	sections.forEach((section, index) => {
		out.push(
			new Paragraph({
				spacing: {before: 200, after: 80},
				keepNext: true,
				children: [text(`${ROMAN[index] ?? index + 1}. ${section.heading.toUpperCase()}`, {bold: true})],
			}),
		);
		for (const block of section.blocks) {
			if ('paragraph' in block) out.push(body([text(block.paragraph)]));
			else if ('list' in block) out.push(...block.list.map(item => body([text(`- ${item}`)])));
			else {
				out.push(dataTable(text, block.table.head, block.table.rows, block.table.bold, block.table.weights));
				out.push(new Paragraph({spacing: {after: 60}, children: []}));
			}
		}
	});
	return out;
}

function signature(signer: {lines: string[]; name: string}, text: Text): Paragraph[] {
	return [
		...signer.lines.map((line, index) => centered([text(line.toUpperCase(), {bold: true, size: 14})], index === 0 ? {before: 240} : {})),
		...Array.from({length: 4}, () => new Paragraph({children: []})),
		signer.name.trim() ? centered([text(signer.name, {bold: true, size: 14})]) : centered([text(NAME_LINE, {size: 14})]),
	];
}

function closing(doc: AdministrativeDocument, text: Text): Table[] {
	const table = (widths: number[], children: TableCell[]) =>
		new Table({
			width: {size: CONTENT, type: WidthType.DXA},
			columnWidths: widths,
			layout: TableLayoutType.FIXED,
			borders: NO_BORDERS,
			rows: [new TableRow({cantSplit: true, children})],
		});
	const recipients = [
		new Paragraph({spacing: {before: 240}, children: [text(doc.recipientsLabel, {bold: true, italics: true, size: 12})]}),
		...doc.recipients.map(line => new Paragraph({children: [text(`- ${line}`, {size: 11})]})),
	];
	if (doc.signers.length >= 2) {
		const half = Math.round(CONTENT / 2);
		return [
			table([half, CONTENT - half], [cell(signature(doc.signers[0]!, text), half), cell(signature(doc.signers[1]!, text), CONTENT - half)]),
			table([CONTENT], [cell(recipients, CONTENT)]),
		];
	}
	const left = Math.round(CONTENT * 0.45);
	const right = CONTENT - left;
	return [table([left, right], [cell(recipients, left), cell(signature(doc.signers[0] ?? {lines: [], name: ''}, text), right)])];
}

/** The text's end: its last sentence, then "./." (Nghị định 30/2020, Phụ lục I). */
function textEnd(sentence: string, text: Text): Paragraph {
	const trimmed = sentence.trim().replace(/[.;:,]+$/, '');
	return body([text(`${trimmed}./.`)]);
}

/** Page numbers from page 2: centred at the top, Arabic numerals, 14 pt; the first page's header is empty. */
function pageNumberHeaders(language: string): {default: Header; first: Header} {
	return {
		default: new Header({
			children: [
				new Paragraph({
					alignment: AlignmentType.CENTER,
					children: [new TextRun({children: [PageNumber.CURRENT], size: pt(14), language: {value: language}})],
				}),
			],
		}),
		first: new Header({children: [new Paragraph({children: []})]}),
	};
}

/** The document as .docx bytes. */
export async function administrativeDocx(doc: AdministrativeDocument): Promise<Buffer> {
	const language = LANGUAGE[doc.lang];
	const text = textIn(language);
	const children: Array<Paragraph | Table> = [
		header(doc, text),
		centered([text(doc.title, {bold: true, size: 14})], {before: 360}),
		centered([text(doc.subject, {bold: true, size: 14})], {after: 240}),
		...doc.facts.map(([label, value]) => body([text(`${label}: `, {bold: true}), text(value)])),
		...(doc.preamble ? [body([text(doc.preamble, {italics: true})])] : []),
		...sectionBlocks(doc.sections, text),
		textEnd(doc.closing, text),
		...closing(doc, text),
	];
	const author = (doc.author.trim() || 'diemcau').normalize('NFC');
	const document = new Document({
		creator: author,
		lastModifiedBy: author,
		title: `${doc.title} ${doc.subject}`.normalize('NFC'),
		styles: {default: {document: {run: {font: 'Times New Roman', size: pt(14), language: {value: language}}}}},
		sections: [{properties: {page: {size: PAGE, margin: MARGIN}, titlePage: true}, headers: pageNumberHeaders(language), children}],
	});
	return Packer.toBuffer(document);
}
