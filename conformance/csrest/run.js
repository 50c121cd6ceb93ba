// Drives the public Node client @kweli/cs-rest (pinned in package.json)
// through a document's life against an Extended ECM server, the way an
// integrator writing against a real server would, and reports each call.
//
// Usage:
//   node run.js [baseURL] [username] [password]
// or the environment variables CSREST_BASE_URL, CSREST_USERNAME,
// CSREST_PASSWORD. baseURL includes the CGI path, e.g.
// http://127.0.0.1:8080/otcs/cs.exe. CSREST_PARENT_ID names the folder to
// work in (default 2000, the Enterprise Workspace).
//
// It prints one line per call ("ok" or "FAIL" with the reason) and a
// summary "N of M calls succeeded", and exits 1 unless every call succeeded.
// Other programs (benchmarks) may require() it and call run(config).
'use strict'

const fs = require('fs')
const os = require('os')
const path = require('path')
const { Session } = require('@kweli/cs-rest')

function config (argv, env) {
  const cfg = {
    baseURL: argv[0] || env.CSREST_BASE_URL,
    username: argv[1] || env.CSREST_USERNAME || 'Admin',
    password: argv[2] || env.CSREST_PASSWORD,
    parentID: Number(env.CSREST_PARENT_ID || 2000)
  }
  if (!cfg.baseURL || !cfg.password) {
    throw new Error('usage: node run.js baseURL username password (or CSREST_BASE_URL, CSREST_USERNAME, CSREST_PASSWORD)')
  }
  cfg.baseURL = cfg.baseURL.replace(/\/+$/, '')
  return cfg
}

// describe turns an axios error into one line: status and the server's
// "error" text, never the request (which carries the ticket).
function describe (err) {
  const r = err && err.response
  if (r) {
    const msg = r.data && typeof r.data === 'object' ? r.data.error : ''
    return `HTTP ${r.status}${msg ? ': ' + msg : ''}`
  }
  return String((err && err.message) || err)
}

function expect (cond, what) {
  if (!cond) throw new Error(what)
}

async function run (cfg, log = console.log) {
  const session = new Session({ baseURL: cfg.baseURL, username: cfg.username, password: cfg.password })
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csrest-'))
  const first = path.join(work, 'report.txt')
  const second = path.join(work, 'report-v2.txt')
  fs.writeFileSync(first, 'first version\n')
  fs.writeFileSync(second, 'second version, longer\n')
  const state = {}
  const results = []
  const call = async (name, fn) => {
    try {
      await fn()
      results.push({ name, ok: true })
      log(`ok   ${name}`)
    } catch (err) {
      results.push({ name, ok: false, reason: describe(err) })
      log(`FAIL ${name}: ${describe(err)}`)
    }
  }

  try {
    await call('log in and read the session user (POST and GET api/v1/auth/)', async () => {
      const r = await session.auth.auth()
      expect(r.data && r.data.data && r.data.data.name === cfg.username, 'the session user is not ' + cfg.username)
    })
    await call('browse the parent folder (GET api/v2/nodes/{id}/nodes)', async () => {
      const r = await session.nodes.children(cfg.parentID, { limit: 10 })
      expect(Array.isArray(r.data.results), 'no results array')
    })
    await call('create a folder (POST api/v2/nodes, body field)', async () => {
      const r = await session.nodes.addFolder(cfg.parentID, `cs-rest ${Date.now()}`)
      state.folder = r.data.results.data.properties.id
      expect(state.folder > 0, 'no folder id')
    })
    await call('upload a document (POST api/v1/nodes, multipart)', async () => {
      const r = await session.nodes.addDocument({ parent_id: state.folder, fileHandler: first })
      state.doc = r.data.id
      expect(state.doc > 0, 'no document id')
    })
    await call('read the document (GET api/v2/nodes/{id})', async () => {
      const r = await session.nodes.node({ dataid: state.doc })
      expect(r.data.results.data.properties.name === 'report.txt', 'wrong name')
    })
    await call('read the document, v1 (GET api/v1/nodes/{id})', async () => {
      const r = await session.nodes.node({ dataid: state.doc, apiVersion: 'v1' })
      expect(r.data.data.id === state.doc, 'wrong id')
    })
    await call('add a version (POST api/v1/nodes/{id}/versions, multipart)', async () => {
      const r = await session.versions.addVersion({ dataid: state.doc, fileHandler: second, fileName: 'report.txt' })
      expect(r.status === 200, 'status ' + r.status)
    })
    await call('list the versions (GET api/v1/nodes/{id}/versions)', async () => {
      const r = await session.versions.list(state.doc)
      expect(r.data.data.length === 2, `${r.data.data.length} versions, want 2`)
    })
    await call('download version 1 (GET api/v1/nodes/{id}/versions/1/content)', async () => {
      const out = path.join(work, 'v1.out')
      await session.versions.download({ dataid: state.doc, version: 1, filePath: out })
      expect(fs.readFileSync(out, 'utf8') === 'first version\n', 'wrong content of version 1')
    })
    await call('download the latest version (GET api/v2/nodes/{id}/content)', async () => {
      const out = path.join(work, 'latest.out')
      await session.nodes.download({ dataid: state.doc, apiVersion: 'v2', filePath: out })
      expect(fs.readFileSync(out, 'utf8') === 'second version, longer\n', 'wrong latest content')
    })
    await call('read the ancestors (GET api/v1/nodes/{id}/ancestors)', async () => {
      const r = await session.nodes.ancestors(state.doc)
      const ids = r.data.ancestors.map(a => a.id)
      expect(ids.includes(state.folder) && ids.includes(cfg.parentID), 'ancestors miss the folder or the parent')
    })
    await call('list the volumes (GET api/v2/volumes)', async () => {
      const r = await session.nodes.volumes()
      expect(Array.isArray(r.data.results) && r.data.results.length > 0, 'no volumes')
    })
    await call('delete the folder (DELETE api/v1/nodes/{id})', async () => {
      await session.nodes.delete(state.folder)
      const r = await session.nodes.children(cfg.parentID, { where_name: 'cs-rest', limit: 100 })
      const ids = r.data.results.map(x => x.data.properties.id)
      expect(!ids.includes(state.folder), 'the folder is still there')
    })
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
  const passed = results.filter(r => r.ok).length
  log(`${passed} of ${results.length} calls succeeded`)
  return results
}

module.exports = { run, config }

if (require.main === module) {
  let cfg
  try {
    cfg = config(process.argv.slice(2), process.env)
  } catch (err) {
    console.error(err.message)
    process.exit(2)
  }
  run(cfg).then(results => {
    process.exit(results.every(r => r.ok) ? 0 : 1)
  }, err => {
    console.error('csrest:', describe(err))
    process.exit(1)
  })
}
