/** See hostileValues.js. */
export declare function hostileValues(): Array<[string, unknown]>;
/** See hostileValues.js. */
export declare function awkwardValues(): Array<[string, unknown]>;
