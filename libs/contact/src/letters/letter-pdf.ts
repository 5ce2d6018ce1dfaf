import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// The same static TrueType CJK font legal's case files use (docs/contact.md, letters): Chinese renders
// without any system font, and pdfkit embeds only the glyphs a letter uses.
const FONT_PATH = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
let font: Buffer | null = null;
const fontBytes = () => (font ??= fs.readFileSync(FONT_PATH));

export interface LetterContent {
  /** The bank the debt is owed to (sender line). */
  bankName: string;
  recipientName: string;
  address: string;
  title: string | null;
  /** The rendered template text; blank lines separate paragraphs. */
  body: string;
  reference: string;
  /** How to object to the debt (Art. 69): printed on every letter, whatever the template says. */
  objectionNotice: string;
  /** The letter's date as printed (the debtor's local date). */
  date: string;
  createdAt: Date;
}

/** One letter as an A4 PDF. */
export function renderLetterPdf(c: LetterContent): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 60, info: { Title: c.title ?? 'Letter', Author: c.bankName, CreationDate: c.createdAt } });
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', fontBytes());
    doc.font('cjk');

    doc.fontSize(10).text(c.recipientName).text(c.address).moveDown(1.5);
    doc.fontSize(10).text(`${c.date}`, { align: 'right' }).text(`编号 Ref: ${c.reference}`, { align: 'right' }).moveDown(1);
    if (c.title) doc.fontSize(15).text(c.title, { align: 'center' }).moveDown(1);
    doc.fontSize(11);
    for (const para of c.body.split(/\n\s*\n/)) doc.text(para.trim(), { align: 'left', lineGap: 3 }).moveDown(0.8);
    doc.moveDown(1).fontSize(10).text(c.bankName, { align: 'right' });
    doc.moveDown(1.5).fontSize(9).text(c.objectionNotice, { lineGap: 2 });
    doc.end();
  });
}
