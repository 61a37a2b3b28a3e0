import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { ConfigVersion, VoiceConfig } from '../../contracts/config.js';
import { MIXED_CRITERIA_MESSAGE } from '../../contracts/config-json.js';
import type { VoiceSession } from '../../contracts/session.js';
import { myOrgId } from '../support/fixtures.js';
import { seedExampleConfigJson } from '../support/seed-example-config.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

let server: ServerProcess;
let orgId: string;

beforeAll(async () => {
  server = await startServerProcess();
  orgId = await myOrgId(server);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

const third = 1 / 3;
const seedCriteria = [
  { name: 'communication', weight: third },
  { name: 'technical_depth', weight: third },
  { name: 'problem_solving', weight: third },
];
const withCriteria = (criteria: unknown): Record<string, unknown> => ({
  ...seedExampleConfigJson,
  interview: { ...seedExampleConfigJson.interview, scoring_rubric: { criteria } },
});

describe("the seed's config format over the API", () => {
  it('stores the seed example with equal weights, versions it, and keeps the history through edits in both forms', async () => {
    const created = await server.call<ApiSuccess<VoiceConfig>>('POST', '/api/voice/configs', {
      body: { orgId, name: 'From the seed system', interviewType: 'technical', configJson: seedExampleConfigJson },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json.data.version).toBe(1);
    expect(created.json.data.configJson.interview.scoring_rubric.criteria).toEqual(seedCriteria);
    const id = created.json.data.id;

    // What is read back (and so what the editor opens) is the weighted form.
    const read = await server.call<ApiSuccess<VoiceConfig>>('GET', `/api/voice/configs/${id}`);
    expect(read.json.data.configJson).toEqual(created.json.data.configJson);

    // Sending back what was read, or the same names again, is no change: still version 1.
    const sameObjects = await server.call<ApiSuccess<VoiceConfig>>('PUT', `/api/voice/configs/${id}`, { body: { configJson: read.json.data.configJson } });
    expect(sameObjects.json.data.version).toBe(1);
    const sameNames = await server.call<ApiSuccess<VoiceConfig>>('PUT', `/api/voice/configs/${id}`, { body: { configJson: seedExampleConfigJson } });
    expect(sameNames.json.data.version).toBe(1);

    // A new list of names is a new version with its own equal weights.
    const fourNames = await server.call<ApiSuccess<VoiceConfig>>('PUT', `/api/voice/configs/${id}`, {
      body: { configJson: withCriteria(['communication', 'technical_depth', 'problem_solving', 'culture_add']) },
    });
    expect(fourNames.json.data.version).toBe(2);
    expect(fourNames.json.data.configJson.interview.scoring_rubric.criteria.map((criterion) => criterion.weight)).toEqual([0.25, 0.25, 0.25, 0.25]);

    // The weighted form edits it further.
    const weighted = [
      { name: 'communication', weight: 0.2 },
      { name: 'technical_depth', weight: 0.5 },
      { name: 'problem_solving', weight: 0.3 },
    ];
    const reweighted = await server.call<ApiSuccess<VoiceConfig>>('PUT', `/api/voice/configs/${id}`, { body: { configJson: withCriteria(weighted) } });
    expect(reweighted.json.data.version).toBe(3);
    expect(reweighted.json.data.configJson.interview.scoring_rubric.criteria).toEqual(weighted);

    const versions = await server.call<ApiSuccess<ConfigVersion[]>>('GET', `/api/voice/configs/${id}/versions`);
    expect(versions.json.data.map((version) => [version.version, version.configJson.interview.scoring_rubric.criteria])).toEqual([
      [3, weighted],
      [2, fourNames.json.data.configJson.interview.scoring_rubric.criteria],
      [1, seedCriteria],
    ]);

    // A session made from it records the version it was made from.
    const session = await server.call<ApiSuccess<VoiceSession>>('POST', '/api/voice/sessions', { body: { orgId, configId: id } });
    expect(session.status, session.text).toBe(201);
    expect(session.json.data.configVersion).toBe(3);
  });

  it('refuses a config that mixes names and weighted objects with a 400 naming the criteria list, and changes nothing', async () => {
    const mixed = withCriteria(['communication', { name: 'technical_depth', weight: 0.5 }]);
    const refused = await server.call<ApiError>('POST', '/api/voice/configs', {
      body: { orgId, name: 'Mixed criteria', interviewType: 'technical', configJson: mixed },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('VALIDATION_ERROR');
    expect(refused.json.error.details).toEqual({
      issues: [{ field: 'configJson.interview.scoring_rubric.criteria', message: MIXED_CRITERIA_MESSAGE }],
    });
    expect(refused.json.error.message).toContain('not a mix');
    const list = await server.call<ApiSuccess<VoiceConfig[]>>('GET', `/api/voice/configs?orgId=${orgId}`);
    expect(list.json.data.some((config) => config.name === 'Mixed criteria')).toBe(false);

    const created = await server.call<ApiSuccess<VoiceConfig>>('POST', '/api/voice/configs', {
      body: { orgId, name: 'Then mixed by an edit', interviewType: 'technical', configJson: seedExampleConfigJson },
    });
    const edit = await server.call<ApiError>('PUT', `/api/voice/configs/${created.json.data.id}`, { body: { configJson: mixed } });
    expect(edit.status).toBe(400);
    expect(edit.json.error.details).toEqual(refused.json.error.details);
    const after = await server.call<ApiSuccess<VoiceConfig>>('GET', `/api/voice/configs/${created.json.data.id}`);
    expect(after.json.data.version).toBe(1);
    expect(after.json.data.configJson.interview.scoring_rubric.criteria).toEqual(seedCriteria);
  });
});
