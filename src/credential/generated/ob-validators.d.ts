import type { ValidateFunction } from 'ajv'

export declare const achievementCredential: ValidateFunction
export declare const endorsementCredential: ValidateFunction
export declare const profile: ValidateFunction
