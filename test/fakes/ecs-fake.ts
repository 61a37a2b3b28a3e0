import { randomUUID } from 'node:crypto';
import { FakeHttpServer, type CannedReply, type RecordedRequest } from './fake-http-server.js';

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';

export interface FakeTask {
  taskArn: string;
  clusterArn: string;
  lastStatus: 'PROVISIONING' | 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  stoppedReason?: string;
  request: Record<string, unknown>;
}

/**
 * ECS has no emulator; its API is JSON 1.1 over HTTP (`X-Amz-Target`), which this fake speaks for
 * RunTask, StopTask, DescribeTasks and DescribeClusters, recording every call for assertions.
 */
export class EcsFake {
  readonly tasks = new Map<string, FakeTask>();
  readonly http: FakeHttpServer;

  constructor(
    readonly clusterName: string,
    readonly region = 'us-east-1',
  ) {
    this.http = new FakeHttpServer((request) => this.handle(request), 'application/x-amz-json-1.1');
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  get url(): string {
    return this.http.url;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  calls(operation: string): RecordedRequest[] {
    return this.http.requests.filter((request) => request.headers['x-amz-target'] === `${TARGET_PREFIX}${operation}`);
  }

  /** The task dies on its own, as a crashed container would. */
  crash(taskArn: string, reason: string): void {
    const task = this.tasks.get(taskArn);
    if (!task) throw new Error(`no task ${taskArn}`);
    task.lastStatus = 'STOPPED';
    task.desiredStatus = 'STOPPED';
    task.stoppedReason = reason;
  }

  private get clusterArn(): string {
    return `arn:aws:ecs:${this.region}:123456789012:cluster/${this.clusterName}`;
  }

  private handle(request: RecordedRequest): CannedReply {
    const target = String(request.headers['x-amz-target'] ?? '');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) {
      return { status: 400, body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' } };
    }
    if (body.cluster !== undefined && body.cluster !== this.clusterName && body.cluster !== this.clusterArn) {
      return { status: 400, body: { __type: 'ClusterNotFoundException', message: 'Cluster not found.' } };
    }
    switch (target.slice(TARGET_PREFIX.length)) {
      case 'RunTask': {
        const taskArn = `arn:aws:ecs:${this.region}:123456789012:task/${this.clusterName}/${randomUUID().replace(/-/g, '')}`;
        const task: FakeTask = { taskArn, clusterArn: this.clusterArn, lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', request: body };
        this.tasks.set(taskArn, task);
        return { status: 200, body: { tasks: [this.describe(task)], failures: [] } };
      }
      case 'StopTask': {
        const task = this.tasks.get(String(body.task));
        if (!task) return { status: 400, body: { __type: 'InvalidParameterException', message: 'The referenced task was not found.' } };
        task.desiredStatus = 'STOPPED';
        task.lastStatus = 'STOPPED';
        task.stoppedReason = String(body.reason ?? 'Task stopped by user');
        return { status: 200, body: { task: this.describe(task) } };
      }
      case 'DescribeTasks': {
        const arns = (body.tasks ?? []) as string[];
        const found = arns.map((arn) => this.tasks.get(arn)).filter((task): task is FakeTask => task !== undefined);
        const failures = arns.filter((arn) => !this.tasks.has(arn)).map((arn) => ({ arn, reason: 'MISSING' }));
        return { status: 200, body: { tasks: found.map((task) => this.describe(task)), failures } };
      }
      case 'DescribeClusters':
        return {
          status: 200,
          body: { clusters: [{ clusterArn: this.clusterArn, clusterName: this.clusterName, status: 'ACTIVE', runningTasksCount: this.tasks.size }], failures: [] },
        };
      default:
        return { status: 400, body: { __type: 'UnknownOperationException', message: `Unknown operation ${target}` } };
    }
  }

  private describe(task: FakeTask): Record<string, unknown> {
    return {
      taskArn: task.taskArn,
      clusterArn: task.clusterArn,
      lastStatus: task.lastStatus,
      desiredStatus: task.desiredStatus,
      launchType: 'FARGATE',
      ...(task.stoppedReason ? { stoppedReason: task.stoppedReason, stopCode: 'EssentialContainerExited' } : {}),
    };
  }
}
