package io.switchboard.engine;

/**
 * A message ({@link AgentPush} or {@link Notification}) with its place in the resumable streams:
 * {@code agentSeq} in the stream {@code agent:<id>} of the agent it is for, {@code personSeq} in
 * {@code person:<id>} (notifications only). 0 = not a message of that stream (a session-control push,
 * an offer sent again to a new session, a notification for someone who is not an agent).
 */
public record Sequenced(long agentSeq, long personSeq, Object message) {}
