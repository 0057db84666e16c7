package org.wsconnector.it.wildfly.sample;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what the connector logs through JUL inside WildFly (where JUL is backed by JBoss LogManager), with the
 * thread each record was logged on. A portable extension so that it is installed before any bean exists, whatever
 * order the container gives observers of the same event; removed at shutdown, because the logger is server-wide
 * and a handler left behind would pin this deployment's class loader.
 */
public class ConnectorLogCapture implements Extension {
    static final String CONNECTOR_LOGGER = "org.wsconnector";

    private final List<String> records = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private Level previousLevel;
    private Logger logger; // held strongly: a JUL logger nobody references may be collected with its level and handlers
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record.getLevel() + " " + record.getLoggerName() + " [" + Thread.currentThread().getName()
                    + "] " + formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    void install(@Observes BeforeBeanDiscovery ignored) {
        logger = Logger.getLogger(CONNECTOR_LOGGER);
        previousLevel = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.FINEST);
        logger.addHandler(handler);
    }

    void remove(@Observes BeforeShutdown ignored) {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }

    List<String> records() {
        return List.copyOf(records);
    }
}
