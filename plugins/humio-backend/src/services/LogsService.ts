import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  EntityLogsResponse,
  HUMIO_QUERY_ANNOTATION,
  HUMIO_REPOSITORY_ANNOTATION,
  MAX_HUMIO_QUERY_ANNOTATION_LENGTH,
  MAX_HUMIO_REPOSITORY_ANNOTATION_LENGTH,
  HumioLogEvent,
  HumioLogRange,
  HumioStatusResponse,
} from '@internal/backstage-plugin-humio-common';
import { HumioConfig, readHumioConfig } from '../config';
import {
  HumioClient,
  HumioQueryError,
  HumioRow,
  HumioUnavailableError,
} from './HumioClient';
import {
  confineQuery,
  QueryTemplateError,
  renderQueryTemplate,
  withTextFilter,
} from './query';

const MAX_MESSAGE_LENGTH = 4000;
const MAX_FIELD_LENGTH = 200;
const MAX_FIELDS = 8;
const LEVEL_FIELDS = ['level', 'loglevel', 'severity', 'log.level'];
const MESSAGE_FIELDS = ['message', 'msg'];

type HumioAccess =
  | { configured: true; baseUrl: string; client: HumioClient }
  | { configured: false; message: string };

const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function timestampOf(row: HumioRow): string {
  const raw = row['@timestamp'];
  const ms = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(raw ?? '');
}

/** Humio's event as plain strings, only what the tab shows. */
export function toLogEvent(row: HumioRow): HumioLogEvent {
  const text = (key: string) =>
    row[key] === undefined || row[key] === null ? undefined : String(row[key]);
  const levelKey = LEVEL_FIELDS.find(k => text(k));
  const messageKey = MESSAGE_FIELDS.find(k => text(k)) ?? '@rawstring';
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(row)) {
    if (Object.keys(fields).length >= MAX_FIELDS) break;
    if (/^[@#]/.test(key) || key === levelKey || key === messageKey) continue;
    if (value === undefined || value === null) continue;
    fields[key] = cut(String(value), MAX_FIELD_LENGTH);
  }
  return {
    ...(text('@id') ? { id: text('@id') } : {}),
    timestamp: timestampOf(row),
    ...(levelKey ? { level: text(levelKey)!.toUpperCase() } : {}),
    message: cut(text(messageKey) ?? '', MAX_MESSAGE_LENGTH),
    fields,
  };
}

function countOf(rows: HumioRow[]): number {
  const n = Number(rows[0]?._count ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Refuses annotations longer than the caps before anything reads them: they
 * are catalog data, written by anyone who can edit a `catalog-info.yaml`.
 */
function checkAnnotationLengths(entity: Entity): void {
  const annotations = entity.metadata.annotations ?? {};
  const caps: Array<[string, number]> = [
    [HUMIO_QUERY_ANNOTATION, MAX_HUMIO_QUERY_ANNOTATION_LENGTH],
    [HUMIO_REPOSITORY_ANNOTATION, MAX_HUMIO_REPOSITORY_ANNOTATION_LENGTH],
  ];
  for (const [annotation, max] of caps) {
    const value = annotations[annotation];
    if (typeof value === 'string' && value.length > max) {
      throw new InputError(
        `The ${annotation} annotation of ${stringifyEntityRef(entity)} is ${
          value.length
        } characters long; the portal reads at most ${max}. Shorten it in the component's catalog-info.yaml.`,
      );
    }
  }
}

/** Humio's search page for a query, following LogScale's search URL parameters. */
export function humioSearchUrl(
  baseUrl: string,
  repository: string,
  query: string,
  range: HumioLogRange,
): string {
  const params = new URLSearchParams({ query, start: range, live: 'false' });
  return `${baseUrl}/${encodeURIComponent(repository)}/search?${params}`;
}

/**
 * An entity's recent log events and counts from Humio. The query comes
 * from the entity's `humio.com/query` annotation or the configured
 * template, never from the caller, who only picks the range, the number of
 * events and optionally a text to look for.
 */
export class LogsService {
  static create(options: { config: Config; logger: LoggerService }) {
    const settings = readHumioConfig(options.config);
    const { connection } = settings;
    let access: HumioAccess;
    if (connection.configured) {
      access = {
        configured: true,
        baseUrl: connection.baseUrl,
        client: new HumioClient({
          baseUrl: connection.baseUrl,
          token: connection.token,
          timeoutMs: settings.timeoutMs,
        }),
      };
    } else {
      options.logger.info(connection.message);
      access = connection;
    }
    return new LogsService(settings, access, options.logger);
  }

  private constructor(
    private readonly settings: HumioConfig,
    private readonly access: HumioAccess,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Whether Humio is up (its status endpoint) and takes the token (a count
   * over the last minute of the default repository, when there is one).
   */
  async status(): Promise<HumioStatusResponse> {
    const checkedAt = new Date().toISOString();
    const { access } = this;
    const { defaultRepository } = this.settings;
    if (!access.configured) {
      return {
        configured: false,
        connected: false,
        message: access.message,
        checkedAt,
      };
    }
    try {
      await access.client.status();
      if (defaultRepository) {
        await access.client.query(defaultRepository, 'count()', '1m');
      }
      return { configured: true, connected: true, checkedAt };
    } catch (e) {
      const error = e as Error;
      if (
        !(error instanceof HumioUnavailableError) &&
        !(error instanceof HumioQueryError)
      ) {
        throw error;
      }
      return {
        configured: true,
        connected: false,
        message: error.message,
        checkedAt,
      };
    }
  }

  async forEntity(
    entity: Entity,
    request: { range: HumioLogRange; limit: number; filter?: string },
  ): Promise<EntityLogsResponse> {
    const { access } = this;
    if (!access.configured) {
      return { status: 'not-configured', message: access.message };
    }
    checkAnnotationLengths(entity);
    const annotations = entity.metadata.annotations ?? {};
    const annotated = annotations[HUMIO_REPOSITORY_ANNOTATION]?.trim();
    const repository = annotated || this.settings.defaultRepository;
    if (!repository) {
      return {
        status: 'not-configured',
        message: `No Humio repository for this entity: add the ${HUMIO_REPOSITORY_ANNOTATION} annotation, or set humio.defaultRepository.`,
      };
    }
    const allowed = this.settings.allowedRepositories;
    if (
      annotated &&
      allowed &&
      annotated !== this.settings.defaultRepository &&
      !allowed.includes(annotated)
    ) {
      return {
        status: 'invalid-query',
        repository,
        message: `The repository '${annotated}' (annotation ${HUMIO_REPOSITORY_ANNOTATION}) is not one the portal may read (humio.allowedRepositories).`,
      };
    }

    const own = annotations[HUMIO_QUERY_ANNOTATION]?.trim();
    let query: string;
    try {
      const entityQuery = own
        ? confineQuery(
            renderQueryTemplate(this.settings.serviceFilter, entity),
            renderQueryTemplate(own, entity),
          )
        : renderQueryTemplate(this.settings.defaultQuery, entity);
      query = withTextFilter(entityQuery, request.filter);
    } catch (e) {
      if (!(e instanceof QueryTemplateError)) throw e;
      return { status: 'invalid-query', repository, message: e.message };
    }

    const { range, limit } = request;
    const humioUrl = humioSearchUrl(access.baseUrl, repository, query, range);
    // New lines between stages: a `//` comment ending the entity's query
    // must not swallow them.
    try {
      const [rows, total, errors] = await Promise.all([
        access.client.query(repository, `${query}\n| tail(${limit})`, range),
        access.client.query(repository, `${query}\n| count()`, range),
        access.client.query(
          repository,
          `${query}\n| ${this.settings.errorFilter}\n| count()`,
          range,
        ),
      ]);
      const events = rows
        .map(toLogEvent)
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
        .slice(0, limit);
      return {
        status: 'ok',
        range,
        repository,
        query,
        humioUrl,
        events,
        limit,
        counts: { total: countOf(total), errors: countOf(errors) },
        generatedAt: new Date().toISOString(),
      };
    } catch (e) {
      if (e instanceof HumioQueryError) {
        return {
          status: 'invalid-query',
          repository,
          query,
          message: e.message,
        };
      }
      if (e instanceof HumioUnavailableError) {
        this.logger.warn(`Humio is not connected: ${e.message}`);
        throw new ServiceUnavailableError(
          `Humio is not connected: ${e.message}`,
        );
      }
      throw e;
    }
  }
}
