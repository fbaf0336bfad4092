// Binary search over sorted numbers, shared by the stages that look positions or characters up in sorted lists.

/** Returns the index of the first number in `sorted` (ascending) that is at least `value`; `sorted.length` when none is. */
export function firstAtLeast(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
