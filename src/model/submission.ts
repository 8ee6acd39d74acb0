export type * from './schema/submission.js'
