export * from './tokenize.ts'
export * from './bleu.ts'
export * from './rouge.ts'
export * from './report.ts'
