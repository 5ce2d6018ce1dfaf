/** Accounts second pass: duplicate uploads, templates, search, priority weights. */
export const accounts2En = {
  upload2: {
    duplicate: 'This file was already imported for this bank ({{fileName}}, {{importedAt}}). Import it again anyway?',
    importAnyway: 'Import anyway',
    cancel: 'Cancel',
    unchanged: 'Unchanged (left alone)',
    nothingChanged: 'Nothing in this file differs from the accounts on file: no placement was created.',
    requiredColumns: 'Required columns',
    requiredHint: 'A file needs these columns (any of the usual Chinese or English headers, or the ones saved in the column mapping); days past due may replace the delinquency date.',
    template: 'Download template',
  },
  chart2: {
    axis: '{{currency}} millions',
    axisCny: 'CNY millions',
  },
  priority2: {
    weights: 'Weights: {{preset}} (version {{version}})',
    factors: { fresh_engaged: 'Fresh and engaged' },
    outOf: 'of {{weight}}',
  },
};
