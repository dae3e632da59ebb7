package dev.agent0.core.tokenize;

import java.util.AbstractList;
import java.util.List;

/** An immutable Python tuple; differs from a list only in how it prints and compares. */
final class PyTuple extends AbstractList<Object> {
    private final Object[] items;

    PyTuple(List<?> items) {
        this.items = items.toArray();
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
