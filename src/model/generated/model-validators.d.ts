import type { ValidateFunction } from 'ajv'

export declare const template: ValidateFunction
export declare const submission: ValidateFunction
export declare const review: ValidateFunction
export declare const assessment: ValidateFunction
export declare const pathway: ValidateFunction
export declare const issuerProfile: ValidateFunction
