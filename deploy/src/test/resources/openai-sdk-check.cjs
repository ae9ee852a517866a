// The official OpenAI TypeScript/JavaScript SDK (npm "openai" 7.x) against the gateway's OpenAI-compatible route,
// unchanged: a project API key, the gateway as baseURL. Prints one JSON object with what it saw.
// Usage: node openai-sdk-check.cjs <openai package dir> <gateway base URL> <API key> <chat model> <embedding model>
const [packageDir, baseURL, apiKey, chatModel, embeddingModel] = process.argv.slice(2);
const { OpenAI } = require(packageDir);

(async () => {
  const client = new OpenAI({ apiKey, baseURL: baseURL + '/openai/v1', maxRetries: 0 });
  const seen = {};

  const models = await client.models.list();
  seen.models = [];
  for await (const model of models) {
    seen.models.push(model.id);
  }

  const chat = await client.chat.completions.create({
    model: chatModel, messages: [{ role: 'user', content: 'route my card question' }],
  });
  seen.chat = { content: chat.choices[0].message.content, usage: chat.usage };

  const stream = await client.chat.completions.create({
    model: chatModel, messages: [{ role: 'user', content: 'stream this answer please' }], stream: true,
  });
  const pieces = [];
  let streamUsage = null;
  for await (const chunk of stream) {
    if (chunk.choices.length > 0 && chunk.choices[0].delta.content) {
      pieces.push(chunk.choices[0].delta.content);
    }
    if (chunk.usage) {
      streamUsage = chunk.usage;
    }
  }
  seen.stream = { chunks: pieces.length, content: pieces.join(''), usage: streamUsage };

  // the SDK asks for base64 and decodes it into floats itself
  const embeddings = await client.embeddings.create({
    model: embeddingModel, input: ['I lost my card', 'what is the exchange rate'],
  });
  seen.embeddings = embeddings.data.map(e => e.embedding);
  seen.embeddingUsage = embeddings.usage;

  try {
    await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] });
    seen.notFound = 'answered';
  } catch (e) {
    seen.notFound = { status: e.status, type: e.constructor.name, code: e.code };
  }
  process.stdout.write(JSON.stringify(seen));
})().catch(e => {
  process.stdout.write(JSON.stringify({ failed: String(e), status: e.status }));
  process.exit(1);
});
