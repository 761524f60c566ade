// The schema helpers live with the archive reader (one validator for every untrusted file); re-exported here
// for the store's own schemas.
export * from '../archive/validate.ts'
