import {AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType, type ITableCellOptions} from 'docx';
import type {MinutesSection} from './minutes.js';

// A Word document in the administrative layout of Nghị định 30/2020/NĐ-CP (as the town's 2021
// plan is laid out): issuing body and national motto side by side, the number and the
// place-and-date line, the title, the body, "Nơi nhận:" beside the signature block. A4, Times
// New Roman, the decree's margins (top and bottom 20 mm, left 30 mm, right 15 mm). Built with
// the `docx` package; no OOXML by hand.

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
	recipientsLabel: string;
	recipients: string[];
	signer: {lines: string[]; name: string};
}

const text = (value: string, options: {bold?: boolean; italics?: boolean; size?: number; underline?: boolean} = {}) =>
	new TextRun({text: value.normalize('NFC'), bold: options.bold, italics: options.italics, size: pt(options.size ?? 14), ...(options.underline ? {underline: {}} : {})});

const centered = (runs: TextRun[], spacing: {before?: number; after?: number} = {}) => new Paragraph({alignment: AlignmentType.CENTER, spacing, children: runs});

/** A short centred rule under a header line (the decree's line under the issuer and the motto). */
function rule(widthTwips: number, cellTwips: number): Paragraph {
	const indent = Math.max(0, Math.round((cellTwips - widthTwips) / 2));
	return new Paragraph({indent: {left: indent, right: indent}, border: {top: LINE}, spacing: {before: 20, after: 120}, children: []});
}

function cell(children: Paragraph[], width: number, options: Partial<ITableCellOptions> = {}): TableCell {
	return new TableCell({children, width: {size: width, type: WidthType.DXA}, borders: {top: NONE, bottom: NONE, left: NONE, right: NONE}, ...options});
}

function header(doc: AdministrativeDocument): Table {
	const left = Math.round(CONTENT * 0.4);
	const right = CONTENT - left;
	const issuer = doc.issuer.map((line, index) => centered([text(line.toUpperCase(), {bold: index === doc.issuer.length - 1, size: 13})]));
	const leftCell = cell([...issuer, rule(Math.round(left * 0.4), left), centered([text(doc.number, {size: 13})])], left);
	const rightCell = cell(
		[centered([text(doc.motto[0], {bold: true, size: 12})]), centered([text(doc.motto[1], {bold: true, size: 14})]), rule(Math.round(right * 0.62), right), centered([text(doc.placeDate, {italics: true, size: 14})])],
		right,
	);
	return new Table({width: {size: CONTENT, type: WidthType.DXA}, columnWidths: [left, right], layout: TableLayoutType.FIXED, borders: NO_BORDERS, rows: [new TableRow({children: [leftCell, rightCell]})]});
}

const body = (runs: TextRun[]) => new Paragraph({alignment: AlignmentType.JUSTIFIED, indent: {firstLine: Math.round(10 * MM)}, spacing: {before: 60, after: 60, line: 312}, children: runs});

/** A bordered data table in 12 pt (the first column gets the most room). */
function dataTable(head: string[], rows: string[][], bold: number[] = [], weights?: number[]): Table {
	const widths: number[] = weights?.length === head.length ? weights : head.map((_, index) => (index === 0 ? 3 : 1.4));
	const sum = widths.reduce((a, b) => a + b, 0);
	const columnWidths = widths.map(width => Math.floor((width / sum) * CONTENT));
	const line = (cells: string[], isHead: boolean, isBold: boolean) =>
		new TableRow({
			tableHeader: isHead,
			cantSplit: true,
			children: cells.map((value, index) =>
				new TableCell({
					width: {size: columnWidths[index]!, type: WidthType.DXA},
					verticalAlign: VerticalAlign.CENTER,
					margins: {top: 40, bottom: 40, left: 80, right: 80},
					children: [new Paragraph({alignment: isHead || index > 0 ? AlignmentType.CENTER : AlignmentType.LEFT, children: [text(value, {bold: isHead || isBold, size: 12})]})],
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

function sectionBlocks(sections: MinutesSection[]): Array<Paragraph | Table> {
	const out: Array<Paragraph | Table> = [];
	sections.forEach((section, index) => {
		out.push(new Paragraph({spacing: {before: 200, after: 80}, keepNext: true, children: [text(`${ROMAN[index] ?? index + 1}. ${section.heading.toUpperCase()}`, {bold: true})]}));
		for (const block of section.blocks) {
			if ('paragraph' in block) out.push(body([text(block.paragraph)]));
			else if ('list' in block) out.push(...block.list.map(item => body([text(`- ${item}`)])));
			else {
				out.push(dataTable(block.table.head, block.table.rows, block.table.bold, block.table.weights));
				out.push(new Paragraph({spacing: {after: 60}, children: []}));
			}
		}
	});
	return out;
}

function closing(doc: AdministrativeDocument): Table {
	const left = Math.round(CONTENT * 0.45);
	const right = CONTENT - left;
	const recipients = [
		new Paragraph({spacing: {before: 240}, children: [text(doc.recipientsLabel, {bold: true, italics: true, size: 12})]}),
		...doc.recipients.map(line => new Paragraph({children: [text(`- ${line}`, {size: 11})]})),
	];
	const signature = [
		...doc.signer.lines.map((line, index) => centered([text(line.toUpperCase(), {bold: true, size: 14})], index === 0 ? {before: 240} : {})),
		...Array.from({length: 4}, () => new Paragraph({children: []})),
		centered([text(doc.signer.name, {bold: true, size: 14})]),
	];
	return new Table({width: {size: CONTENT, type: WidthType.DXA}, columnWidths: [left, right], layout: TableLayoutType.FIXED, borders: NO_BORDERS, rows: [new TableRow({cantSplit: true, children: [cell(recipients, left), cell(signature, right)]})]});
}

/** The document as .docx bytes. */
export async function administrativeDocx(doc: AdministrativeDocument): Promise<Buffer> {
	const children: Array<Paragraph | Table> = [
		header(doc),
		centered([text(doc.title, {bold: true, size: 14})], {before: 360}),
		centered([text(doc.subject, {bold: true, size: 14})], {after: 240}),
		...doc.facts.map(([label, value]) => body([text(`${label}: `, {bold: true}), text(value)])),
		...(doc.preamble ? [body([text(doc.preamble, {italics: true})])] : []),
		...sectionBlocks(doc.sections),
		closing(doc),
	];
	const document = new Document({
		creator: 'diemcau',
		title: `${doc.title} ${doc.subject}`.normalize('NFC'),
		styles: {default: {document: {run: {font: 'Times New Roman', size: pt(14)}}}},
		sections: [{properties: {page: {size: PAGE, margin: MARGIN}}, children}],
	});
	return Packer.toBuffer(document);
}
