export type * from './schema/review.js'
