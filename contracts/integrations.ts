import { z } from 'zod';

export const botRunnerKinds = ['local', 'ecs'] as const;
export type BotRunnerKind = (typeof botRunnerKinds)[number];

const idList = z.array(z.string().trim().min(1).max(255)).max(16);

/** Settings > Integrations: where bots run and where transcripts are archived (admins only). */
export const integrationSettings = z.strictObject({
  botRunner: z.enum(botRunnerKinds).nullable().default(null),
  ecs: z
    .strictObject({
      region: z.string().trim().max(50).default(''),
      cluster: z.string().trim().max(255).default(''),
      taskDefinition: z.string().trim().max(2048).default(''),
      containerName: z.string().trim().min(1).max(255).default('interview-bot'),
      subnets: idList.default([]),
      securityGroups: idList.default([]),
      assignPublicIp: z.boolean().default(true),
    })
    .default(() => ({ region: '', cluster: '', taskDefinition: '', containerName: 'interview-bot', subnets: [], securityGroups: [], assignPublicIp: true })),
  s3: z
    .strictObject({ bucket: z.string().trim().max(63).default(''), region: z.string().trim().max(50).default('') })
    .default(() => ({ bucket: '', region: '' })),
  /** Where bots outside this machine reach the live-events socket (e.g. a tunnel); empty = this server. */
  publicWebSocketUrl: z.union([z.literal(''), z.url({ protocol: /^wss?$/ })]).default(''),
});
export type IntegrationSettings = z.infer<typeof integrationSettings>;

/** The settings in force, and which of them the environment fixed (the UI shows those read-only). */
export interface EffectiveIntegrationSettings {
  settings: IntegrationSettings;
  fromEnvironment: string[];
}

export interface ObserverJoin {
  roomUrl: string;
  token: string;
  expiresAt: string;
}
