/** The request body of /query and /queryjobs (Humio's QueryInput). */
export interface QueryInput {
  queryString: string;
  start?: string | number;
  end?: string | number;
  isLive?: boolean;
  [other: string]: unknown;
}
