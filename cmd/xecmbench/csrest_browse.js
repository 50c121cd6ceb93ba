// The browse workload through the Node client @kweli/cs-rest, run by
// xecmbench: node csrest_browse.js DIR BASEURL TICKET PARENT CHILDREN
// DIR is where cs-rest is installed (the conformance program's folder).
// It prints one JSON line when it is ready ({"ready": true} or
// {"skip": reason}), then reads commands "LIMIT REPS", one a line: for
// each it lists once to warm up, then REPS times, and prints
// {"ms": milliseconds per listing} or {"error": message}.
'use strict'
const path = require('path')
const readline = require('readline')

const [dir, baseURL, ticket, parent, children] = process.argv.slice(2)
let csrest
try {
  csrest = require(require.resolve('@kweli/cs-rest', { paths: [path.resolve(dir)] }))
} catch (e) {
  console.log(JSON.stringify({ skip: `@kweli/cs-rest is not installed in ${dir} (npm ci there)` }))
  process.exit(0)
}

const session = new csrest.Session({ baseURL, otcsticket: ticket })

// listing walks the pages as a cs-rest user does: axios parses every
// answer (JSON.parse), and the properties of every node are kept.
async function listing (limit) {
  let n = 0
  for (let page = 1; ; page++) {
    const resp = await session.nodes.children(Number(parent), { page, limit })
    const items = resp.data.results.map(r => r.data.properties)
    n += items.length
    if (items.length === 0 || page >= resp.data.collection.paging.page_total) return n
  }
}

async function listings (limit, reps) {
  await listing(limit) // warm-up, as the Go clients do
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < reps; i++) {
    const n = await listing(limit)
    if (n !== Number(children)) throw new Error(`listed ${n} children, want ${children}`)
  }
  return Number(process.hrtime.bigint() - t0) / 1e6 / reps
}

console.log(JSON.stringify({ ready: true }))
const rl = readline.createInterface({ input: process.stdin })
let queue = Promise.resolve()
rl.on('line', line => {
  const [limit, reps] = line.trim().split(/\s+/).map(Number)
  queue = queue.then(() => listings(limit, reps))
    .then(ms => console.log(JSON.stringify({ ms })))
    .catch(e => console.log(JSON.stringify({ error: String((e && e.message) || e) })))
})
rl.on('close', () => queue.then(() => process.exit(0)))
