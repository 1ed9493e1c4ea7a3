// Metadata route files (app/sitemap.ts, app/robots.ts, app/manifest.ts):
// their module's default export returns the data, and the route's GET is
// made here as Next.js's metadata route loader makes it
// (next/dist/build/webpack/loaders/next-metadata-route-loader.js and
// metadata/resolve-route-data.js of Next.js 16.4.6, whose serialisation
// this follows line for line): the content type of the file's kind,
// Cache-Control "public, max-age=0, must-revalidate", and the module's
// segment config passed on (dynamic, revalidate, …).

const contentTypes = { sitemap: 'application/xml', robots: 'text/plain', manifest: 'application/manifest+json' };
const cacheControl = 'public, max-age=0, must-revalidate';

const resolveArray = (value) => (Array.isArray(value) ? value : [value]);

export function resolveRobots(data) {
  let content = '';
  const rules = Array.isArray(data.rules) ? data.rules : [data.rules];
  for (const rule of rules) {
    for (const agent of resolveArray(rule.userAgent || ['*'])) content += `User-Agent: ${agent}\n`;
    if (rule.allow) for (const item of resolveArray(rule.allow)) content += `Allow: ${item}\n`;
    if (rule.disallow) for (const item of resolveArray(rule.disallow)) content += `Disallow: ${item}\n`;
    if (rule.crawlDelay) content += `Crawl-delay: ${rule.crawlDelay}\n`;
    if (rule.other) {
      for (const key of Object.keys(rule.other)) {
        const value = rule.other[key];
        if (value == null) continue;
        for (const v of Array.isArray(value) ? value : [value]) content += `${key}: ${v}\n`;
      }
    }
    content += '\n';
  }
  if (data.host) content += `Host: ${data.host}\n`;
  if (data.sitemap) for (const item of resolveArray(data.sitemap)) content += `Sitemap: ${item}\n`;
  return content;
}

export function resolveSitemap(data) {
  const hasAlternates = data.some((item) => Object.keys(item.alternates ?? {}).length > 0);
  const hasImages = data.some((item) => Boolean(item.images?.length));
  const hasVideos = data.some((item) => Boolean(item.videos?.length));
  let content = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
  if (hasImages) content += ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"';
  if (hasVideos) content += ' xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"';
  content += hasAlternates ? ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' : '>\n';
  for (const item of data) {
    content += `<url>\n<loc>${item.url}</loc>\n`;
    const languages = item.alternates?.languages;
    if (languages && Object.keys(languages).length) {
      for (const language in languages) content += `<xhtml:link rel="alternate" hreflang="${language}" href="${languages[language]}" />\n`;
    }
    if (item.images?.length) {
      for (const image of item.images) content += `<image:image>\n<image:loc>${image}</image:loc>\n</image:image>\n`;
    }
    if (item.videos?.length) {
      for (const video of item.videos) content += videoFields(video).join('\n');
    }
    if (item.lastModified) {
      content += `<lastmod>${item.lastModified instanceof Date ? item.lastModified.toISOString() : item.lastModified}</lastmod>\n`;
    }
    if (item.changeFrequency) content += `<changefreq>${item.changeFrequency}</changefreq>\n`;
    if (typeof item.priority === 'number') content += `<priority>${item.priority}</priority>\n`;
    content += '</url>\n';
  }
  return content + '</urlset>\n';
}

function videoFields(video) {
  return [
    '<video:video>',
    `<video:title>${video.title}</video:title>`,
    `<video:thumbnail_loc>${video.thumbnail_loc}</video:thumbnail_loc>`,
    `<video:description>${video.description}</video:description>`,
    video.content_loc && `<video:content_loc>${video.content_loc}</video:content_loc>`,
    video.player_loc && `<video:player_loc>${video.player_loc}</video:player_loc>`,
    video.duration && `<video:duration>${video.duration}</video:duration>`,
    video.view_count && `<video:view_count>${video.view_count}</video:view_count>`,
    video.tag && `<video:tag>${video.tag}</video:tag>`,
    video.rating && `<video:rating>${video.rating}</video:rating>`,
    video.expiration_date && `<video:expiration_date>${video.expiration_date}</video:expiration_date>`,
    video.publication_date && `<video:publication_date>${video.publication_date}</video:publication_date>`,
    video.family_friendly && `<video:family_friendly>${video.family_friendly}</video:family_friendly>`,
    video.requires_subscription && `<video:requires_subscription>${video.requires_subscription}</video:requires_subscription>`,
    video.live && `<video:live>${video.live}</video:live>`,
    video.restriction && `<video:restriction relationship="${video.restriction.relationship}">${video.restriction.content}</video:restriction>`,
    video.platform && `<video:platform relationship="${video.platform.relationship}">${video.platform.content}</video:platform>`,
    video.uploader && `<video:uploader${video.uploader.info && ` info="${video.uploader.info}"`}>${video.uploader.content}</video:uploader>`,
    '</video:video>\n',
  ].filter(Boolean);
}

export function resolveRouteData(data, kind) {
  switch (kind) {
    case 'robots': return resolveRobots(data);
    case 'sitemap': return resolveSitemap(data);
    case 'manifest': return JSON.stringify(data);
  }
  return '';
}

// contentType is Next.js's getContentType for a static metadata file
// (a .gif is text/plain there too).
function contentType(base) {
  const [name, ext0] = base.split('.', 2);
  const ext = ext0 === 'jpg' ? 'jpeg' : ext0;
  if (name === 'favicon' && ext === 'ico') return 'image/x-icon';
  if (name in contentTypes) return contentTypes[name];
  return { png: 'image/png', jpeg: 'image/jpeg', ico: 'image/x-icon', svg: 'image/svg+xml' }[ext] ?? 'text/plain';
}

// assetModule is the route module of a static metadata file (its bytes
// are the module's default export): the file as it is, made once.
function assetModule(bytes, file) {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const name = base.split('.', 1)[0];
  if (name === 'twitter-image' || name === 'opengraph-image') {
    const limit = name === 'twitter-image' ? 5 : 8;
    const mb = bytes.byteLength / 1024 / 1024;
    if (mb > limit) {
      throw new Error(`File size for ${name === 'twitter-image' ? 'Twitter' : 'Open Graph'} image ${JSON.stringify(`./${file}`)} exceeds ${limit}MB. (Current: ${mb.toFixed(2)}MB)\n`
        + 'Read more: https://nextjs.org/docs/app/api-reference/file-conventions/metadata/opengraph-image#image-files-jpg-png-gif');
    }
  }
  const headers = { 'Content-Type': contentType(base), 'Cache-Control': cacheControl };
  return { dynamic: 'force-static', GET: () => new Response(bytes, { headers }) };
}

// imageModule is the route module of an image made from code
// (opengraph-image.tsx, icon.tsx, …): its default export answers, usually
// with an ImageResponse; with generateImageMetadata, one image per id at
// …/<name>/<id> (Next.js's next-metadata-route-loader image routes).
function imageModule(ns, file) {
  const { default: handler, generateImageMetadata, ...config } = ns;
  checkHandler(handler, file);
  if (typeof generateImageMetadata !== 'function') {
    return { ...config, GET: (_request, context) => handler({ params: context.params }) };
  }
  const listed = withIds(generateImageMetadata, 'generateImageMetadata');
  return {
    ...config,
    async GET(_request, context) {
      const { __metadata_id__: id, ...rest } = (await context.params) ?? {};
      const found = (await listed({ params: rest })).find((item) => item.id.toString() === id);
      if (found === undefined) return new Response('Not Found', { status: 404 });
      return handler({ params: Promise.resolve(rest), id: Promise.resolve(id) });
    },
    async generateStaticParams({ params } = {}) {
      return (await listed({ params })).map((item) => ({ __metadata_id__: item.id.toString() }));
    },
  };
}

function checkHandler(handler, file) {
  if (typeof handler !== 'function') throw new Error(`Default export is missing in ${JSON.stringify(`./${file}`)}`);
}

// withIds wraps generateSitemaps or generateImageMetadata: what it lists,
// with Next.js's error for an item without an id.
function withIds(generate, name) {
  return async (arg) => {
    const items = await generate(arg);
    for (const item of items) {
      if (item?.id == null) throw new Error(`id property is required for every item returned from ${name}`);
    }
    return items;
  };
}

// metadataModule is the route module of a metadata route file: the
// file's exports but default and generateSitemaps, and its GET (with
// generateSitemaps, one sitemap per id at …/sitemap/<id>.xml, and the
// generateStaticParams that prerenders each).
export function metadataModule(kind, ns, file) {
  // A static file's module is its bytes: the namespace's default, or the
  // module itself when the app is one bundle whose loaders require() it.
  if (kind === 'asset') return assetModule(ns instanceof Uint8Array ? ns : ns.default, file);
  if (kind === 'image') return imageModule(ns, file);
  const { default: handler, generateSitemaps, ...config } = ns;
  checkHandler(handler, file);
  const respond = async (data) => new Response(resolveRouteData(await data, kind), {
    headers: { 'Content-Type': contentTypes[kind], 'Cache-Control': cacheControl },
  });
  if (kind !== 'sitemap' || typeof generateSitemaps !== 'function') {
    return { ...config, GET: () => respond(handler()) };
  }
  const idOf = (param) => (param?.endsWith('.xml') ? param.slice(0, -4) : undefined);
  const listed = withIds(generateSitemaps, 'generateSitemaps');
  return {
    ...config,
    async GET(_request, context) {
      const id = idOf((await context.params)?.__metadata_id__);
      const found = (await listed()).find((item) => item.id.toString() === id);
      if (found === undefined) return new Response('Not Found', { status: 404 });
      return respond(handler({ id: Promise.resolve(id) }));
    },
    async generateStaticParams() {
      return (await listed()).map((item) => ({ __metadata_id__: `${item.id}.xml` }));
    },
  };
}
