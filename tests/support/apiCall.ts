/** A JSON call to the cloud endpoint's HTTP API, as a client would make it. */
export function apiCaller(baseUrl: () => string) {
  return async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: response.status,
      body: response.status === 204 ? null : ((await response.json()) as Record<string, unknown>),
    };
  };
}
