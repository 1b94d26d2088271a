/** String keys that the js backend's XXH3 reads from their code units (ASCII), for the tests. */

/** Printable ASCII keys: unit i is 0x20 + (i * 31 + 7) mod 95. */
export function asciiKey(length: number): string {
  return String.fromCharCode(...Array.from({ length }, (_, i) => 0x20 + ((i * 31 + 7) % 95)))
}

/** ASCII keys with every unit from 0x00 to 0x7f: unit i is (i * 37 + 11) mod 128. */
export function asciiKeyWithControls(length: number): string {
  return String.fromCharCode(...Array.from({ length }, (_, i) => (i * 37 + 11) & 0x7f))
}
