export declare const CLIENT_TYPES_FILE: string;
export declare function clientTypes(document: unknown, source: string): Promise<string>;
