/** How providers are named on screen, wherever they appear (list, settings, health). */
const aiProviderNames: Record<string, string> = { ollama: 'Ollama', openai: 'OpenAI-compatible', gemini: 'Gemini' };
const gitProviderNames: Record<string, string> = { github: 'GitHub', gitlab: 'GitLab' };

/** Unknown values (another engine's vocabulary) are shown as they are. */
export const aiProviderLabel = (type: string) => aiProviderNames[type] ?? type;
export const gitProviderLabel = (provider: string) => gitProviderNames[provider] ?? provider;
