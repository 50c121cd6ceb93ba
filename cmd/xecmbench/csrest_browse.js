// The browse workload through the Node client @kweli/cs-rest, run by
// xecmbench: node csrest_browse.js DIR BASEURL PARENT CHILDREN LIMIT REPS ROUNDS
// DIR is where cs-rest is installed (the conformance program's folder).
// It prints one JSON line: {"ms": best milliseconds per listing} or
// {"skip": reason} or {"error": message}.
'use strict'
const path = require('path')

const [dir, baseURL, parent, children, limit, reps, rounds] = process.argv.slice(2)
let csrest
try {
  csrest = require(require.resolve('@kweli/cs-rest', { paths: [path.resolve(dir)] }))
} catch (e) {
  console.log(JSON.stringify({ skip: `@kweli/cs-rest is not installed in ${dir} (npm ci there)` }))
  process.exit(0)
}

const session = new csrest.Session({ baseURL, otcsticket: 'bench' })

// listing walks the pages as a cs-rest user does, keeping the properties.
async function listing () {
  let n = 0
  for (let page = 1; ; page++) {
    const resp = await session.nodes.children(Number(parent), { page, limit: Number(limit) })
    const items = resp.data.results.map(r => r.data.properties)
    n += items.length
    if (items.length === 0 || page >= resp.data.collection.paging.page_total) return n
  }
}

async function main () {
  await listing() // warm-up
  let best = Infinity
  for (let r = 0; r < Number(rounds); r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < Number(reps); i++) {
      const n = await listing()
      if (n !== Number(children)) throw new Error(`listed ${n} children, want ${children}`)
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6 / Number(reps))
  }
  console.log(JSON.stringify({ ms: best }))
}

main().catch(e => {
  console.log(JSON.stringify({ error: String((e && e.message) || e) }))
  process.exit(1)
})
