// The part of oidc-provider 9 (a devDependency with no type declarations) the OpenID Connect tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcAccount {
    accountId: string;
    claims: () => Promise<Record<string, unknown>>;
  }

  export interface OidcConfiguration {
    clients: Record<string, unknown>[];
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    findAccount: (ctx: unknown, sub: string) => Promise<OidcAccount | undefined>;
    cookies?: { keys: string[] };
  }

  export default class Provider {
    constructor(issuer: string, configuration: OidcConfiguration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
