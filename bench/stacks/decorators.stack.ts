import 'reflect-metadata';

import { IsInt, IsString, MaxLength } from 'class-validator';
import { createMcpApp, Tool, type McpApp } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { fillerToolNames, type CreateStack, type StackParams } from './stack';

/* What a user writes with mcp-decorators: a DTO class and a decorated method. */

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

class EchoInput {
  @IsString() @MaxLength(200_000) text!: string;
}

@injectable()
class MathTools {
  @Tool({ description: 'Add two integers' })
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class EchoTools {
  @Tool({ description: 'Length of a text' })
  echo({ text }: EchoInput): number {
    return text.length;
  }
}

/**
 * A provider with `names.length` tools, decorated the way TypeScript's emitted code decorates
 * (`Reflect.decorate` with the design types), since a class cannot declare a thousand methods.
 */
function fillerProvider(names: readonly string[]): new () => object {
  @injectable()
  class Fillers {}
  for (const name of names) {
    const method = function (this: unknown, { a, b }: AddInput): number {
      return a - b;
    };
    Object.defineProperty(Fillers.prototype, name, { value: method, writable: true, configurable: true });
    const descriptor = Object.getOwnPropertyDescriptor(Fillers.prototype, name)!;
    Reflect.decorate(
      [
        Tool({ description: `Filler ${name}` }),
        Reflect.metadata('design:type', Function),
        Reflect.metadata('design:paramtypes', [AddInput]),
        Reflect.metadata('design:returntype', Number),
      ],
      Fillers.prototype,
      name,
      descriptor,
    );
  }
  return Fillers;
}

function providers(params: StackParams): Array<new (...args: never[]) => object> {
  const fillers = fillerToolNames(params);
  return [MathTools, ...(fillers.length > 0 ? [fillerProvider(fillers)] : []), ...(params.echo ? [EchoTools] : [])];
}

export const createStack: CreateStack = async (params) => {
  const app: McpApp = await createMcpApp({ name: 'bench', version: '1.0.0', providers: providers(params) });
  return {
    async connect(transport) {
      await app.connect(transport);
    },
    async listenStdio() {
      await app.listen({ transport: 'stdio' });
    },
    async listenHttp(port) {
      // The defaults: 2026-07-28 and 2025 clients both served statelessly (`legacy: 'stateless'`).
      return (await app.listen({ transport: 'http', port, ...params.http })).port;
    },
    close: () => app.close(),
  };
};
