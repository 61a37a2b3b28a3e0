import { randomUUID } from 'node:crypto';
import { FakeHttpServer, type CannedReply, type RecordedRequest } from './fake-http-server.js';

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';

export interface FakeTask {
  taskArn: string;
  clusterArn: string;
  lastStatus: 'PROVISIONING' | 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  stoppedReason?: string;
  /** The container's exit code, once a launched container exited. */
  exitCode?: number | null;
  request: Record<string, unknown>;
}

/** A container the fake really runs for a task (e.g. the built bot as a child process). */
export interface TaskContainer {
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM on StopTask (as ECS does; the bot flushes then exits), SIGKILL to end it at once. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

/**
 * Runs a task's container: the task definition's environment (what the container definition and
 * its secrets give) merged under the RunTask overrides, as ECS merges them.
 */
export type TaskLauncher = (task: FakeTask, env: Record<string, string>) => TaskContainer;

/**
 * ECS has no emulator; its API is JSON 1.1 over HTTP (`X-Amz-Target`), which this fake speaks for
 * RunTask, StopTask, DescribeTasks and DescribeClusters, recording every call for assertions.
 */
export class EcsFake {
  readonly tasks = new Map<string, FakeTask>();
  readonly containers = new Map<string, TaskContainer>();
  readonly http: FakeHttpServer;

  constructor(
    readonly clusterName: string,
    readonly region = 'us-east-1',
    /** With a launcher, RunTask starts a real container and DescribeTasks reports its real state. */
    private readonly launcher: { taskDefinitionEnv: Record<string, string>; launch: TaskLauncher } | null = null,
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

  /** Stops the fake and kills every container still running. */
  async stop(): Promise<void> {
    for (const container of this.containers.values()) container.kill('SIGKILL');
    await Promise.all([...this.containers.values()].map((container) => container.exited));
    await this.http.stop();
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
        if (this.launcher) this.launch(task, body);
        return { status: 200, body: { tasks: [this.describe(task)], failures: [] } };
      }
      case 'StopTask': {
        const task = this.tasks.get(String(body.task));
        if (!task) return { status: 400, body: { __type: 'InvalidParameterException', message: 'The referenced task was not found.' } };
        task.desiredStatus = 'STOPPED';
        task.stoppedReason ??= String(body.reason ?? 'Task stopped by user');
        const container = this.containers.get(task.taskArn);
        // A running container gets SIGTERM and is STOPPED when it has exited; ECS kills it after its stop timeout.
        if (container) container.kill('SIGTERM');
        else task.lastStatus = 'STOPPED';
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

  private launch(task: FakeTask, body: Record<string, unknown>): void {
    const launcher = this.launcher as NonNullable<EcsFake['launcher']>;
    const overrides = (body.overrides as { containerOverrides?: { environment?: { name: string; value: string }[] }[] } | undefined)?.containerOverrides?.[0];
    const env = { ...launcher.taskDefinitionEnv, ...Object.fromEntries((overrides?.environment ?? []).map((entry) => [entry.name, entry.value])) };
    const container = launcher.launch(task, env);
    this.containers.set(task.taskArn, container);
    task.lastStatus = 'RUNNING';
    void container.exited.then((code) => {
      this.containers.delete(task.taskArn);
      task.exitCode = code;
      task.lastStatus = 'STOPPED';
      task.desiredStatus = 'STOPPED';
      task.stoppedReason ??= 'Essential container in task exited';
    });
  }

  private describe(task: FakeTask): Record<string, unknown> {
    return {
      taskArn: task.taskArn,
      clusterArn: task.clusterArn,
      lastStatus: task.lastStatus,
      desiredStatus: task.desiredStatus,
      launchType: 'FARGATE',
      ...(task.stoppedReason && task.lastStatus === 'STOPPED' ? { stoppedReason: task.stoppedReason, stopCode: 'EssentialContainerExited' } : {}),
      ...(task.exitCode !== undefined ? { containers: [{ name: 'interview-bot', lastStatus: 'STOPPED', exitCode: task.exitCode }] } : {}),
    };
  }
}
