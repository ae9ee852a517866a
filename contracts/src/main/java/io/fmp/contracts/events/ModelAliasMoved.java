package io.fmp.contracts.events;

/**
 * {@code model.alias-moved} on {@link Topics#CATALOG}: an alias of a model name (e.g.
 * {@code production}) now points at another version. Subject: {@code <name>@<alias>}.
 *
 * @param fromModelId the version the alias pointed at before; null when the alias is new
 */
public record ModelAliasMoved(String name, String alias, String fromModelId, String fromVersion,
                              String toModelId, String toVersion) {
}
