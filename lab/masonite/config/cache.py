"""Cache Config"""

STORES = {
    "default": "local",
    "local": {
        "driver": "file",
        "location": "storage/framework/cache",
    },
    "redis": {
        "driver": "redis",
        "host": "127.0.0.1",
        "port": "6379",
        "password": "",
        "name": "masonite",
    },
    "memcached": {
        "driver": "memcached",
        "host": "127.0.0.1",
        "port": "11211",
        "password": "",
        "name": "masonite",
    },
}
