// Run with Node in the project of installed tarballs: what `require('@chash/core')` does. The
// package ships only ES modules, so this either works through Node's require(esm) (Node ≥ 20.19,
// process.features.require_module) or fails with ERR_REQUIRE_ESM; prints one JSON report.
const report = { node: process.version, requireModule: process.features.require_module === true }
try {
  const core = require('@chash/core')
  const ring = new core.ConsistentHashRing({ backend: 'js' })
  ring.addConsumer('a', 'a').addConsumer('b', 'b').addConsumer('c', 'c')
  Object.assign(report, {
    loaded: true,
    exports: Object.keys(core).sort(),
    owners: ['x', 'y', 'z', 'user:42'].map((key) => ring.getConsumerId(key)),
  })
} catch (error) {
  Object.assign(report, { loaded: false, code: error.code, message: error.message })
}
console.log(JSON.stringify(report))
