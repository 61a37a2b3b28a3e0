import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';

export interface OpenAiLlmOptions {
  apiKey: string;
  /** `https://api.openai.com/v1` in production; tests point it at a local fake. */
  baseUrl: string;
  model: string;
  temperature: number;
  maxTokens: number;
  /** No first token within this long counts as a failure (the flow then falls back to its script). */
  firstTokenTimeoutMs: number;
  /** The whole reply must be in within this long. */
  totalTimeoutMs: number;
  /** The SDK retries 5xx and 429 itself; in a live turn a scripted fallback beats a long wait. */
  maxRetries: number;
}

export type LlmEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool'; name: string }
  | { type: 'tool-args'; delta: string }
  | { type: 'end'; finishReason: string | null };

export interface LlmRequest {
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionTool[];
  signal: AbortSignal;
}

export class LlmTimeoutError extends Error {
  constructor(what: string) {
    super(`LLM ${what} timed out`);
    this.name = 'LlmTimeoutError';
  }
}

/**
 * Streaming chat completions with tools over the official `openai` SDK (6.x runs on Node 20 and
 * takes a base URL). Yields the reply as it arrives: spoken text, the chosen tool's name as soon
 * as it is known, then its arguments piece by piece.
 */
export class OpenAiLlm {
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiLlmOptions) {
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: options.maxRetries });
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent> {
    const { options } = this;
    const abort = new AbortController();
    const onOuterAbort = (): void => abort.abort(request.signal.reason);
    request.signal.addEventListener('abort', onOuterAbort, { once: true });
    let timedOut: LlmTimeoutError | null = null;
    const expire = (what: string): void => {
      timedOut = new LlmTimeoutError(what);
      abort.abort(timedOut);
    };
    let firstToken: NodeJS.Timeout | null = setTimeout(() => expire('first token'), options.firstTokenTimeoutMs);
    const total = setTimeout(() => expire('reply'), options.totalTimeoutMs);
    const gotToken = (): void => {
      if (firstToken) clearTimeout(firstToken);
      firstToken = null;
    };
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: options.model,
          messages: request.messages,
          tools: request.tools,
          tool_choice: 'required',
          parallel_tool_calls: false,
          temperature: options.temperature,
          max_completion_tokens: options.maxTokens,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: abort.signal },
      );
      let finishReason: string | null = null;
      let toolIndex: number | null = null;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (!choice) continue;
        const { content, tool_calls: toolCalls } = choice.delta;
        if (content) {
          gotToken();
          yield { type: 'text', delta: content };
        }
        for (const call of toolCalls ?? []) {
          // One decision per turn: a second tool call (parallel calls are off) is ignored.
          if (toolIndex !== null && call.index !== toolIndex) continue;
          gotToken();
          if (toolIndex === null && call.function?.name) {
            toolIndex = call.index;
            yield { type: 'tool', name: call.function.name };
          }
          if (call.function?.arguments) yield { type: 'tool-args', delta: call.function.arguments };
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      yield { type: 'end', finishReason };
    } catch (error) {
      throw timedOut ?? error;
    } finally {
      gotToken();
      clearTimeout(total);
      request.signal.removeEventListener('abort', onOuterAbort);
    }
  }
}
