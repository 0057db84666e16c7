package org.wsconnector.config;

import java.nio.file.Path;
import java.util.Objects;

/** A key or trust store file: path, password and type (PKCS12 by default). {@code toString()} masks the password. */
public record StoreFile(Path path, Secret password, String type) {
    public StoreFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return "StoreFile[path=" + path + ", password=" + Secret.MASK + ", type=" + type + "]";
    }
}
