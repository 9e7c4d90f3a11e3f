/** The CLI's version, shown by `mlotel --version`. */
export const VERSION = '0.1.0';
