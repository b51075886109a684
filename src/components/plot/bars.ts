// One row of Bars.svelte (horizontal probability bars).
export interface BarItem {
  label: string;
  /** The solid bar. */
  value: number;
  /** A faint bar behind it: the value before some transformation. */
  before?: number;
  /** Struck out: the transformation removed this item. */
  removed?: boolean;
  /** A row that stands for several items ("the other 1,004 tokens"). */
  aggregate?: boolean;
}
