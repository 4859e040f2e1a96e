import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadContract, type Contract, type ContractOperation } from '../../src/server/contract/contract.js';
import { describeErrors } from '../../src/server/contract/request-validator.js';

/**
 * Checks responses against openapi.yaml: the status must be documented for the operation,
 * the media type too, the body must match its schema, headers the contract marks `required`
 * must be there, and documented headers that are present must match theirs. Every response the test suites get through the harness goes
 * through here, so the contract and the service cannot drift apart unnoticed.
 */
export class ContractConformance {
  readonly violations: string[] = [];
  private readonly contract: Contract = loadContract();
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: Array<{ method: string; pattern: RegExp; operation: ContractOperation }>;

  constructor() {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: false });
    addFormats.default(this.ajv);
    this.ajv.addSchema(this.contract.document, 'contract.json');
    this.routes = this.contract.operations.map((operation) => ({
      method: operation.method.toUpperCase(),
      pattern: new RegExp(`^${operation.routerPath.replace(/:[^/]+/g, '[^/]+')}$`),
      operation,
    }));
  }

  /** Checks one exchange; returns the violations found (also kept in `violations`). */
  async check(method: string, url: string, response: Response): Promise<string[]> {
    const path = new URL(url).pathname;
    const found = this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
    const problems: string[] = [];
    const where = `${method} ${path} → ${response.status}`;
    if (!found) {
      // Unknown routes must still answer with a documented problem shape.
      if (response.status !== 404 && response.status !== 405) problems.push(`${where}: route not in the contract`);
      await this.checkBody(response, '/components/schemas/Problem', where, problems, 'application/problem+json');
    } else {
      const status = String(response.status);
      const documented = found.operation.responses.get(status) ?? found.operation.responses.get('default');
      if (!documented) {
        problems.push(`${where}: status ${status} is not documented for ${found.operation.operationId}`);
      } else {
        const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
        if (documented.size === 0) {
          const text = await response.clone().text();
          if (text.length > 0) problems.push(`${where}: documented without a body but has one`);
        } else if (!documented.has(type)) {
          problems.push(`${where}: media type "${type}" is not documented (${[...documented.keys()].join(', ')})`);
        } else {
          const pointer = documented.get(type);
          if (pointer && type.endsWith('json')) await this.checkBody(response, pointer, where, problems, type);
        }
        for (const [name, header] of found.operation.responseHeaders.get(status) ?? []) {
          const value = response.headers.get(name);
          if (value === null) {
            if (header.required) problems.push(`${where}: required header ${name} is missing`);
            continue;
          }
          const validate = this.validator(header.schemaPointer);
          const schemaType = (validate.schema as { type?: string } | undefined)?.type;
          const typed = /^-?\d+$/.test(value) ? Number(value) : value;
          if (!validate(typed) && !(schemaType === undefined && validate(value))) {
            problems.push(`${where}: header ${name}="${value}" does not match the contract`);
          }
        }
      }
    }
    this.violations.push(...problems);
    return problems;
  }

  private async checkBody(response: Response, pointer: string, where: string, problems: string[], type: string): Promise<void> {
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`${where}: ${type} body is not JSON`);
      return;
    }
    const validate = this.validator(pointer);
    if (!validate(body)) {
      const issues = describeErrors(validate.errors ?? [], 'body').map((i) => `${i.path} ${i.message}`);
      problems.push(`${where}: body does not match ${pointer}: ${issues.join('; ')}`);
    }
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `contract.json#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }
}
