import { DescribeClustersCommand, DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import type { IntegrationSettings } from '../../contracts/integrations.js';
import { launchEnvironment, type BotHandle, type BotLaunch, type BotRunner, type BotState } from './bot-runner.js';

export class BotDispatchError extends Error {
  override name = 'BotDispatchError';
}

/** The ECS settings a dispatch cannot do without, named as the user sees them. */
export function missingEcsSettings(ecs: IntegrationSettings['ecs']): string[] {
  const missing: string[] = [];
  if (!ecs.cluster) missing.push('cluster (ECS_CLUSTER_NAME)');
  if (!ecs.taskDefinition) missing.push('task definition (ECS_TASK_DEFINITION_ARN)');
  if (ecs.subnets.length === 0) missing.push('subnets (ECS_SUBNETS)');
  if (!ecs.region) missing.push('region (AWS_REGION)');
  return missing;
}

/**
 * Runs each interview bot as a Fargate task. Provider keys are never in the overrides: the task
 * definition maps them from AWS Secrets Manager. The AWS SDK's own chain supplies credentials
 * and honours AWS_ENDPOINT_URL_ECS.
 */
export class EcsBotRunner implements BotRunner {
  readonly kind = 'ecs' as const;
  private readonly client: ECSClient;

  constructor(private readonly ecs: IntegrationSettings['ecs']) {
    this.client = new ECSClient({ region: ecs.region, maxAttempts: 3 });
  }

  async start(launch: BotLaunch): Promise<BotHandle> {
    const reply = await this.client.send(
      new RunTaskCommand({
        cluster: this.ecs.cluster,
        taskDefinition: this.ecs.taskDefinition,
        launchType: 'FARGATE',
        count: 1,
        startedBy: 'interview-console',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: this.ecs.subnets,
            securityGroups: this.ecs.securityGroups,
            assignPublicIp: this.ecs.assignPublicIp ? 'ENABLED' : 'DISABLED',
          },
        },
        overrides: {
          containerOverrides: [
            {
              name: this.ecs.containerName,
              // Per-session values only: the task definition maps the provider keys from Secrets Manager.
              environment: Object.entries(launchEnvironment(launch)).map(([name, value]) => ({ name, value })),
            },
          ],
        },
        tags: [
          { key: 'SessionId', value: launch.sessionId },
          { key: 'OrgId', value: launch.orgId },
          { key: 'Module', value: 'voice' },
        ],
      }),
    );
    const arn = reply.tasks?.[0]?.taskArn;
    if (!arn) {
      const reasons = (reply.failures ?? []).map((failure) => [failure.reason, failure.detail].filter(Boolean).join(': ')).join('; ');
      throw new BotDispatchError(`ECS did not start the bot task${reasons ? `: ${reasons}` : ''}`);
    }
    return { id: arn };
  }

  async stop(handle: BotHandle, reason: string): Promise<void> {
    await this.client.send(new StopTaskCommand({ cluster: this.ecs.cluster, task: handle.id, reason: reason.slice(0, 255) }));
  }

  async describe(handles: BotHandle[]): Promise<Map<string, BotState>> {
    const states = new Map<string, BotState>();
    if (handles.length === 0) return states;
    for (let i = 0; i < handles.length; i += 100) {
      const batch = handles.slice(i, i + 100).map((handle) => handle.id);
      const reply = await this.client.send(new DescribeTasksCommand({ cluster: this.ecs.cluster, tasks: batch }));
      for (const task of reply.tasks ?? []) {
        if (!task.taskArn) continue;
        states.set(
          task.taskArn,
          task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED'
            ? { kind: 'stopped', reason: task.stoppedReason ?? task.stopCode ?? 'task stopped' }
            : { kind: 'running' },
        );
      }
      for (const failure of reply.failures ?? []) {
        if (failure.arn) states.set(failure.arn, { kind: 'stopped', reason: failure.reason ?? 'task not found' });
      }
      for (const id of batch) if (!states.has(id)) states.set(id, { kind: 'stopped', reason: 'task not found' });
    }
    return states;
  }

  /** Health: is the cluster there and active? */
  async checkCluster(): Promise<'ok' | string> {
    const reply = await this.client.send(new DescribeClustersCommand({ clusters: [this.ecs.cluster] }));
    const cluster = reply.clusters?.[0];
    if (!cluster) return `error: cluster ${this.ecs.cluster} not found`;
    return cluster.status === 'ACTIVE' ? 'ok' : `error: cluster is ${cluster.status}`;
  }
}
