package io.switchboard.core.sla;

/**
 * One SLA clock of one ticket: a target in business time, counted in a calendar, that can run,
 * pause (time in pending_customer does not count), stop, and be re-targeted keeping the time
 * already spent. All times are epoch millis passed in; nothing here reads a clock.
 *
 * <p>While running, the clock is {@code spent} business millis plus the open time since
 * {@code runningSince}; its deadline is where the calendar reaches the target from there. The
 * counters of fired warnings and escalation steps make threshold evaluation idempotent: the
 * engine may evaluate as often as it likes and each threshold fires once.
 *
 * <p>Threading: owned by the single-writer engine; not thread-safe.
 */
public final class SlaClock {
    private final SlaMetric metric;
    private long targetMillis;
    private BusinessCalendar calendar;
    private long spentMillis;
    private long runningSince = -1;
    private boolean started;
    private boolean paused;
    private long stoppedAt;
    private long breachedAt;
    private int warningsFired;
    private int stepsFired;

    public SlaClock(SlaMetric metric, long targetMillis, BusinessCalendar calendar) {
        this.metric = metric;
        this.targetMillis = targetMillis;
        this.calendar = calendar;
    }

    /**
     * A clock exactly as another one was: for the engine rebuilding a ticket it kept encoded (see
     * the engine's {@code ParkedTickets}); every argument is what the getter of that name returned.
     */
    public static SlaClock restored(SlaMetric metric, long targetMillis, BusinessCalendar calendar, long spentMillis,
            long runningSince, boolean started, boolean paused, long stoppedAt, long breachedAt, int warningsFired,
            int stepsFired) {
        SlaClock clock = new SlaClock(metric, targetMillis, calendar);
        clock.spentMillis = spentMillis;
        clock.runningSince = runningSince;
        clock.started = started;
        clock.paused = paused;
        clock.stoppedAt = stoppedAt;
        clock.breachedAt = breachedAt;
        clock.warningsFired = warningsFired;
        clock.stepsFired = stepsFired;
        return clock;
    }

    public SlaMetric metric() { return metric; }

    /** Business millis counted before the current run (see the class comment). */
    public long spentMillis() { return spentMillis; }

    /** When the current run began, or -1 while not running. */
    public long runningSince() { return runningSince; }

    public long targetMillis() { return targetMillis; }

    public BusinessCalendar calendar() { return calendar; }

    public boolean isRunning() { return runningSince >= 0; }

    /** False until the first {@link #start} (next response waits for a customer message). */
    public boolean isStarted() { return started; }

    public boolean isPaused() { return paused; }

    /** When the clock was stopped for good (a reply, a resolution), or 0. */
    public long stoppedAt() { return stoppedAt; }

    /** The deadline that was missed, or 0 while not breached. */
    public long breachedAt() { return breachedAt; }

    public boolean isBreached() { return breachedAt != 0; }

    public int warningsFired() { return warningsFired; }

    public int stepsFired() { return stepsFired; }

    /** Starts a fresh cycle at {@code at} (creation; each customer message for next response). */
    public void start(long at) {
        started = true;
        spentMillis = 0;
        runningSince = at;
        paused = false;
        stoppedAt = 0;
        breachedAt = 0;
        warningsFired = 0;
        stepsFired = 0;
    }

    public void pause(long at) {
        if (isRunning()) {
            spentMillis += calendar.businessMillisBetween(runningSince, at);
            runningSince = -1;
            paused = true;
        }
    }

    public void resume(long at) {
        if (paused) {
            paused = false;
            runningSince = at;
        }
    }

    public void stop(long at) {
        if (isRunning() || paused) {
            if (isRunning()) {
                spentMillis += calendar.businessMillisBetween(runningSince, at);
            }
            runningSince = -1;
            paused = false;
            stoppedAt = at;
        }
    }

    /** Runs a stopped clock again (a reopened ticket), keeping the time spent before. */
    public void restartStopped(long at) {
        if (stoppedAt != 0) {
            stoppedAt = 0;
            runningSince = at;
        }
    }

    /** New target and calendar (tier or priority changed); the time already spent is kept. */
    public void retarget(long target, BusinessCalendar nextCalendar, long at) {
        if (isRunning()) {
            spentMillis += calendar.businessMillisBetween(runningSince, at);
            runningSince = at;
        }
        targetMillis = target;
        calendar = nextCalendar;
    }

    /** Business millis counted so far. */
    public long elapsed(long now) {
        return spentMillis + (isRunning() ? calendar.businessMillisBetween(runningSince, now) : 0);
    }

    /** The wall-clock instant at which {@code businessMillis} will have been counted; -1 unless running. */
    public long instantAtElapsed(long businessMillis) {
        return isRunning() ? calendar.addBusinessMillis(runningSince, Math.max(0, businessMillis - spentMillis)) : -1;
    }

    /**
     * The deadline while running; -1 when paused or stopped. Once breached it stays the deadline
     * that was missed, even after a pause or a re-target restarted the running segment.
     */
    public long dueAt() {
        if (!isRunning()) {
            return -1;
        }
        return breachedAt != 0 ? breachedAt : instantAtElapsed(targetMillis);
    }

    public void markWarningFired() { warningsFired++; }

    public void markBreached(long deadline) { breachedAt = deadline; }

    public void markStepFired() { stepsFired++; }
}
