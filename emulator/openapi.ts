/**
 * OpenAPI documents the size of Wink's (OpenAPI 3.1, up to about 250 KB): resources with their five
 * operations each, a shared header parameter, request and response bodies by `$ref` to component
 * schemas. For measuring what reads and compares such documents; the emulator's own groups are small.
 */

/** A document of `resources` resources; `release` removes one operation, adds one and makes one parameter required. */
export function realSizeDocument(resources: number, release = false): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  const version = { name: 'Wink-Version', in: 'header', required: true, schema: { type: 'string', enum: ['2.0'] } };
  for (let index = 0; index < resources; index++) {
    const name = `Resource${index}`;
    const fields = Array.from({ length: 14 }, (_, field): [string, object] => [
      `field${field}`,
      {
        type: field % 3 === 0 ? 'integer' : 'string',
        description: `Field ${field} of ${name}, as Wink documents it for integrators.`,
      },
    ]);
    schemas[name] = {
      type: 'object',
      required: ['id', 'name'],
      properties: Object.fromEntries<object>([
        ...fields,
        ['id', { type: 'string', format: 'uuid' }],
        ['name', { type: 'string' }],
      ]),
    };
    const body = {
      required: true,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
    };
    const answers = {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
      },
      '401': { description: 'Unauthorized' },
      '404': { description: 'Not found' },
    };
    const page = { name: 'page', in: 'query', required: false, schema: { type: 'integer' } };
    const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
    const base = `/api/v2/resource-${index}`;
    paths[base] = {
      get: { operationId: `list${index}`, parameters: [version, page], responses: answers },
      post: { operationId: `create${index}`, parameters: [version], requestBody: body, responses: answers },
    };
    paths[`${base}/{id}`] = {
      get: { operationId: `get${index}`, parameters: [version, id], responses: answers },
      put: { operationId: `put${index}`, parameters: [version, id], requestBody: body, responses: answers },
      delete: {
        operationId: `delete${index}`,
        parameters: [version, id],
        responses: { '204': { description: 'Deleted' } },
      },
    };
  }
  if (release) {
    delete paths['/api/v2/resource-3/{id}']!['delete'];
    paths['/api/v2/rates'] = { get: { operationId: 'rates', responses: { '200': { description: 'OK' } } } };
    paths['/api/v2/resource-5']!['get'] = {
      operationId: 'list5',
      parameters: [version, { name: 'page', in: 'query', required: true, schema: { type: 'integer' } }],
      responses: { '200': { description: 'OK' } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Wink API', version: '2.0' },
    servers: [{ url: 'https://api.wink.travel' }],
    paths,
    components: { schemas },
  };
}
