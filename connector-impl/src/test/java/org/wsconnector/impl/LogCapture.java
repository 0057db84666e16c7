package org.wsconnector.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures JUL records of a logger subtree while open. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Level least) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        setLevel(Level.ALL);
        if (logger.getLevel() == null || logger.getLevel().intValue() > least.intValue()) {
            logger.setLevel(least);
        }
        logger.addHandler(this);
    }

    /** Records at INFO and above (or lower, when the logger is already set lower). */
    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName), Level.INFO);
    }

    /** Every record at every level, FINEST included: for proving that no level ever carries a secret. */
    public static LogCapture atAllLevels(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName), Level.ALL);
    }

    /** Records at {@code level} exactly whose formatted message contains {@code text}. */
    public List<String> messages(Level level, String text) {
        List<String> matching = new ArrayList<>();
        for (LogRecord record : records) {
            String message = formatted(record);
            if (record.getLevel().equals(level) && message.contains(text)) {
                matching.add(message);
            }
        }
        return matching;
    }

    /** Every record's formatted message, and the messages of its exception and that exception's causes. */
    public List<String> allTexts() {
        List<String> texts = new ArrayList<>();
        for (LogRecord record : records) {
            texts.add(formatted(record));
            for (Throwable thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
                texts.add(String.valueOf(thrown.getMessage()));
                if (thrown.getCause() == thrown) {
                    break;
                }
            }
        }
        return texts;
    }

    /** The records at {@code level} or above that carry a stack trace (a thrown exception). */
    public List<String> withStackTrace(Level level) {
        return records.stream().filter(record -> record.getLevel().intValue() >= level.intValue()
                && record.getThrown() != null).map(LogCapture::formatted).toList();
    }

    private static String formatted(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = record.getMessage() == null ? "" : record.getMessage();
        return parameters == null ? message : java.text.MessageFormat.format(message, parameters);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
