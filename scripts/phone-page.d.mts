/** The path of src/phone/page.ts. */
export declare const target: string;
/** The text of src/phone/page.ts for the page as it is now. */
export declare function pageModule(): Promise<string>;
