/** An outcome's label in the screen's language (the agency's own labels, both languages stored). */
export function outcomeLabel(o: { labelZh: string; labelEn: string }, language: string): string {
  return language.startsWith('zh') ? o.labelZh : o.labelEn;
}
