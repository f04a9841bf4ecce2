import { GraphQLError } from 'graphql';

/**
 * An error GitHub reports with a top-level `type` (NOT_FOUND, RATE_LIMITED,
 * MISSING_PAGINATION_BOUNDARIES, ...). Thrown from resolvers; the endpoint
 * moves `type` to where GitHub puts it.
 */
export class GitHubGraphQLError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

export interface GitHubErrorShape {
  type?: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  message: string;
}

/**
 * graphql-js words validation errors differently from graphql-ruby, which
 * GitHub runs; the common ones are reworded (message and extensions.code)
 * so that clients matching on them behave as against GitHub.
 */
function rubyStyle(message: string): {
  message: string;
  extensions?: Record<string, unknown>;
} {
  let m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(message);
  if (m) {
    return {
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] },
    };
  }
  m = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(message);
  if (m) {
    return {
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      extensions: {
        code: 'argumentNotAccepted',
        name: m[3],
        typeName: 'Field',
        argumentName: m[1],
      },
    };
  }
  m =
    /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided/.exec(
      message,
    );
  if (m) {
    return {
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: {
        code: 'missingRequiredArguments',
        className: 'Field',
        name: m[1],
        arguments: m[2],
      },
    };
  }
  m = /^Variable "\$(\w+)" of required type "([^"]+)" was not provided/.exec(
    message,
  );
  if (m) {
    return {
      message: `Variable $${m[1]} of type ${m[2]} was provided invalid value`,
      extensions: {
        value: null,
        problems: [{ path: [], explanation: 'Expected value to not be null' }],
      },
    };
  }
  return { message };
}

export function toGitHubError(error: GraphQLError): GitHubErrorShape {
  const original = error.originalError;
  if (original instanceof GitHubGraphQLError) {
    return {
      type: original.type,
      path: error.path,
      locations: error.locations,
      message: original.message,
    };
  }
  const reworded = rubyStyle(error.message);
  return {
    ...(error.path ? { path: error.path } : {}),
    ...(reworded.extensions ? { extensions: reworded.extensions } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    message: reworded.message,
  };
}
