/**
 * When an XXH3 hasher reads a key's code units instead of its encoded bytes.
 *
 * Reading a 17-95 unit key's units saves encoding it when it is ASCII, but the hasher learns that
 * it is not only when it meets a non-ASCII unit, and what it read and mixed before that is lost:
 * for a key whose non-ASCII unit is late, up to a whole ASCII hash (bench/README.md § A non-ASCII
 * key on the js string path). A hasher therefore keeps an account: each ASCII key read from its
 * units earns a credit (it saved about one encoding), each key that wasted a chunk or more costs
 * {@link WASTE_COST} credits, and a waste that the credits do not cover stops the reading for the
 * next {@link SKIP_MIN} keys of 17-95 units, twice as many after each such stop in a row, up to
 * {@link SKIP_MAX}. So the wasted work is paid for by the work saved, except for one key in
 * SKIP_MIN + 1 at most, and a workload of ASCII keys pays two tests a key.
 *
 * @packageDocumentation
 */

/**
 * Credits a wasted key costs: the ratio of the waste to the saving is at most 2.3 (22 units, the
 * last one non-ASCII: 102 ns lost against 44.5 ns saved per ASCII key; 0.6-1 from 40 units on).
 */
const WASTE_COST = 3
/** The most credits a hasher holds: a burst of up to five wasted keys after a run of ASCII ones. */
const CREDIT_MAX = 16
/** Keys encoded without trying their units after the first waste that credits do not cover. */
const SKIP_MIN = 16
/** The longest such run of keys. */
const SKIP_MAX = 1024

/** One hasher's account of its string path (see the module's comment). */
export class StringPathBudget {
  /** Keys of 17-95 units still to encode without trying their units. */
  private skip = 0
  private credit = 0
  /** {@link skip}'s value at the next waste that the credits do not cover. */
  private nextSkip = SKIP_MIN

  /** Whether to read this key's units; false counts the key as one of those to skip. */
  tries(): boolean {
    if (this.skip === 0) return true
    this.skip--
    return false
  }

  /** The key was ASCII and hashed from its units. */
  read(): void {
    // A full account starts the stops over from the shortest.
    if (this.credit < CREDIT_MAX && ++this.credit === CREDIT_MAX) this.nextSkip = SKIP_MIN
  }

  /** The key had a non-ASCII unit past its first chunk: at least one chunk read and mixed for nothing. */
  wasted(): void {
    this.credit -= WASTE_COST
    if (this.credit >= 0) return
    this.credit = 0
    this.skip = this.nextSkip
    this.nextSkip = Math.min(2 * this.nextSkip, SKIP_MAX)
  }
}
